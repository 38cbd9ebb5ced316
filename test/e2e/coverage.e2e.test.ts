import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { ackCodeOf, activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';

// Two lab results of one patient; OBR-11 (specimen action code) is valued in both and the default ORU profile does not map it.
const ORUS = ['msfc_LAB-ORU-1.hl7', 'msfc_LAB-ORU-2.hl7'].map(corpusMessage);

/** Engine work (processing, the coverage refresh, refetches) can take seconds on a busy machine. */
const eventually = { timeout: 30_000 };

interface LoggedMessage {
  id: string;
  status: string;
  attemptCount: number;
}

describe('unmapped coverage in the console', () => {
  let engine: HeadlessConsole;
  let browser: Browser;

  beforeAll(async () => {
    engine = await startHeadless();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await engine?.stop()).toBe(0);
  });

  it('shows what processed messages left unmapped, starts a rule from a path, and the path is gone once the messages are reprocessed with it', async () => {
    const { id: connectorId, port } = await activeMllpInbound(engine.url, 'Lab results');
    expect((await sendOverMllp(port, ORUS)).map(ackCodeOf)).toEqual(['AA', 'AA']);
    const messages = async () => ((await (await fetch(new URL(`api/v1/hl7-messages?connectorId=${connectorId}`, engine.url))).json()) as { data: LoggedMessage[] }).data;
    await expect.poll(async () => (await messages()).map((m) => m.status), eventually).toEqual(['processed', 'processed']);

    // The connector's row counts its unmapped fields and links to the Mappings page filtered by it.
    const page = await openConsole(browser, engine.url, 'connectors');
    const unmapped = page.locator(`[data-testid="connector-row"][data-connector-id="${connectorId}"]`).getByTestId('connector-unmapped');
    await unmapped.waitFor(eventually);
    expect(Number(await unmapped.getAttribute('data-count'))).toBeGreaterThan(0);
    await unmapped.click();
    const across = page.locator(`[data-testid="connector-coverage"][data-connector-id="${connectorId}"]`);
    await across.waitFor(eventually);
    const acrossRow = across.locator('[data-testid="unmapped-coverage-row"][data-path="OBR-11"]');
    expect(await acrossRow.getAttribute('data-messages')).toBe('2');
    await acrossRow.getByRole('link', { name: /^ORU\^R01/ }).click();

    // The profile's page, filtered by the connector: OBR-11 (specimen action code) carried data in both messages.
    const editor = page.getByTestId('profile-editor');
    await editor.waitFor(eventually);
    expect(page.url()).toContain(`?connector=${connectorId}`);
    const row = page.locator('[data-testid="unmapped-coverage-row"][data-path="OBR-11"]');
    await row.waitFor(eventually);
    expect(await row.getAttribute('data-messages')).toBe('2');
    expect(await row.getByTestId('unmapped-explanation').textContent()).toBe('OBR-11 carried data in 2 messages and no rule maps it');
    expect(await row.textContent()).toContain('Lab results');

    await row.getByRole('button', { name: 'Add a rule for OBR-11' }).click();
    const form = page.getByTestId('rule-form');
    expect(await form.getByLabel(/^Source path/).inputValue()).toBe('OBR-11');
    expect(await form.getByLabel('Resource', { exact: true }).inputValue()).toBe('report (DiagnosticReport)');
    await form.getByLabel(/^Rule id/).fill('report-specimen-action');
    await form.getByLabel(/^Target path/).fill('meta.tag[0].code');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('[data-testid="rule-row"][data-rule-id="report-specimen-action"]').waitFor();
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.getByTestId('profile-version').textContent(), eventually).toBe('Version 2');

    for (const message of await messages()) {
      const response = await fetch(new URL(`api/v1/hl7-messages/${message.id}/reprocess`, engine.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(202);
    }
    await expect.poll(async () => (await messages()).map((m) => `${m.status}/${m.attemptCount}`), eventually).toEqual(['processed/2', 'processed/2']);
    await page.reload();
    await page.getByTestId('profile-coverage').waitFor(eventually);
    await page.locator('[data-testid="unmapped-coverage-row"]').first().waitFor(eventually);
    expect(await row.count()).toBe(0);
    // Other paths still unmapped are counted against the new version.
    expect(await page.locator('[data-testid="unmapped-coverage-row"]').first().textContent()).toContain('v2');
    await page.close();
  });
});
