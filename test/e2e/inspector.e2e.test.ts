import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { HL7_CORPUS, activeMllpInbound, corpusMessage } from '../support/mllp-feed';
import { eventually, findMessage, useConsoleSession } from './console-session';

describe('the message inspector', () => {
  const session = useConsoleSession();

  it('shows a chosen corpus .hl7 file field by field without storing it, and stores it only on Import into message log', async () => {
    const { url } = session.engine;
    const inbound = await activeMllpInbound(url, 'Ward ADT feed');
    const page = await session.open('inspect');
    await page.locator('input[type="file"]').setInputFiles(join(HL7_CORPUS, 'msfc_ADT-A01-01.hl7'));

    await expect.poll(() => page.getByTestId('inspector-source').textContent(), eventually).toBe('msfc_ADT-A01-01.hl7');
    const pid = page.locator('[data-testid="segment"][data-segment="PID"]');
    await pid.waitFor(eventually);
    expect(await pid.locator('[data-testid="field-row"][data-path="PID-5"]').textContent()).toContain('Patient Name');
    expect(await page.locator('[data-testid="segment"]').count()).toBeGreaterThan(3);
    expect(await findMessage(url, 'MSG00001')).toBeUndefined();
    if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'inspector.png'));

    await page.getByTestId('inspector-connector').click();
    await page.getByRole('option', { name: 'Ward ADT feed', exact: true }).click();
    await page.getByTestId('inspector-import').click();
    await expect.poll(async () => (await findMessage(url, 'MSG00001'))?.id, eventually).toMatch(/^MSG_/);
    expect(inbound.id).toMatch(/^CONN_/);
  }, 60_000);

  it('inspects a pasted message with line feeds, and names a parse failure instead of a tree', async () => {
    const page = await session.open('inspect');
    await page.getByTestId('inspector-paste').fill(corpusMessage('msfc_ORU-R01-01.hl7').replace(/\r/g, '\n'));
    await page.getByTestId('inspector-inspect').click();
    await page.locator('[data-testid="segment"][data-segment="OBX"]').first().waitFor(eventually);
    expect(await page.getByTestId('inspector-source').textContent()).toBe('pasted-message.hl7');

    await page.getByTestId('inspector-paste').fill('PID|1||42');
    await page.getByTestId('inspector-inspect').click();
    await page.getByText('This message could not be parsed').waitFor(eventually);
    expect(await page.getByTestId('inspector-import').isDisabled()).toBe(true);
  }, 60_000);
});
