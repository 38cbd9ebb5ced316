import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { ackCodeOf, activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';

const ORU = 'msfc_LAB-ORU-1.hl7'; // control id 182

/** Engine work (processing, change events, refetches) can take seconds on a busy machine. */
const eventually = { timeout: 20_000 };

describe('HL7 v2 → FHIR in the console', () => {
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

  it('shows the Observation a corpus ORU sent over MLLP became in its Linked FHIR resources tab, and leads from it back to the message', async () => {
    const { port } = await activeMllpInbound(engine.url, 'Lab results');
    expect((await sendOverMllp(port, [corpusMessage(ORU)])).map(ackCodeOf)).toEqual(['AA']);
    const found = async () => ((await (await fetch(new URL('api/v1/hl7-messages?q=182', engine.url))).json()) as { data: { id: string; status: string }[] }).data[0];
    await expect.poll(async () => (await found())?.status, eventually).toBe('processed');
    const messageId = (await found())?.id as string;

    const page = await openConsole(browser, engine.url, `messages/${messageId}`);
    await page.getByTestId('message-detail').waitFor();
    await page.getByRole('tab', { name: /Linked FHIR resources/ }).click();
    const observation = page.locator('[data-testid="link"][data-resource^="Observation/"]').first();
    await observation.waitFor(eventually);
    expect(await observation.getByText('created').count()).toBe(1);
    await page.getByRole('tab', { name: /Attempts/ }).click();
    expect(await page.getByTestId('attempt-profile').first().textContent()).toMatch(/^Profile .+ v\d+$/);

    await page.getByRole('tab', { name: /Linked FHIR resources/ }).click();
    const resource = (await observation.getAttribute('data-resource')) as string;
    await observation.getByRole('link').click();
    await page.locator(`[data-testid="fhir-resource"][data-resource="${resource}"]`).waitFor(eventually);
    expect(page.url()).toContain(`#/fhir/${resource}`);
    const source = page.getByTestId('fhir-source-message');
    expect(await source.getAttribute('href')).toBe(`#/messages/${messageId}`);
    await source.click();
    await page.locator(`[data-testid="message-detail"][data-message-id="${messageId}"]`).waitFor(eventually);
    await page.close();
  });
});
