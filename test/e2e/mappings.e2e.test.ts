import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { ackCodeOf, activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';

const ORU = corpusMessage('msfc_LAB-ORU-1.hl7'); // control id 182; OBX-11 F, I or P: no Observation is corrected

/** Engine work (processing, change events, refetches, the preview's debounce) can take seconds on a busy machine. */
const eventually = { timeout: 20_000 };

const PATIENT = { resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.3', value: 'MRN-7' }], name: [{ family: 'Duck', given: ['Donald'] }], gender: 'male', birthDate: '1924-10-10' };

/** PID-8 of the message the FHIR → v2 preview shows. */
const previewGender = async (page: Page): Promise<string | undefined> => {
  const text = await page.getByTestId('fhir-mapping-preview').getByTestId('raw-message').innerText();
  const pid = /PID\|[^\n]*/.exec(text)?.[0];
  return pid?.split('|')[8];
};

const bundleText = async (page: Page): Promise<string> => (await page.getByTestId('mapping-preview').getByTestId('fhir-json').textContent()) ?? '';

describe('the Mappings page', () => {
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

  it('edits a rule against the live preview, saves a new version, and a reprocessed message\'s linked Observation changes with it', async () => {
    const { port } = await activeMllpInbound(engine.url, 'Lab results');
    expect((await sendOverMllp(port, [ORU])).map(ackCodeOf)).toEqual(['AA']);
    const found = async () => ((await (await fetch(new URL('api/v1/hl7-messages?q=182', engine.url))).json()) as { data: { id: string; status: string; attemptCount: number }[] }).data[0];
    await expect.poll(async () => (await found())?.status, eventually).toBe('processed');
    const messageId = (await found())?.id as string;

    const page = await openConsole(browser, engine.url, 'mappings');
    const oru = page.locator('[data-testid="profile-row"]', { hasText: 'ORU^R01' });
    const profileId = (await oru.getAttribute('data-profile-id')) as string;
    await oru.getByRole('link').click();
    await page.locator(`[data-testid="profile-editor"][data-profile-id="${profileId}"]`).waitFor(eventually);
    expect(page.url()).toContain(`#/mappings/${profileId}`);
    expect(await page.getByTestId('profile-version').textContent()).toBe('Version 1');

    await page.getByTestId('preview-message').fill(ORU);
    await expect.poll(() => bundleText(page), eventually).toContain('"Observation"');
    expect(await bundleText(page)).not.toContain('"corrected"');
    expect(await page.getByTestId('unmapped').count()).toBeGreaterThan(0);

    // Observation.status from a constant instead of OBX-11.
    await page.getByRole('button', { name: 'Edit observation-status' }).click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('Transform', { exact: true }).click();
    await page.getByRole('option', { name: 'constant', exact: true }).click();
    await form.getByLabel(/^Argument value/).fill('corrected');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => bundleText(page), eventually).toContain('"corrected"');
    if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'mappings.png'));

    // A bad path is shown beside its rule, from the preview's 422, and blocks nothing else.
    await page.getByRole('button', { name: 'Edit observation-method' }).click();
    await form.getByLabel(/^Source path/).fill('OBX17');
    await form.getByRole('button', { name: 'Apply' }).click();
    const method = page.locator('[data-testid="rule-row"][data-rule-id="observation-method"]');
    await method.getByTestId('rule-issue').waitFor(eventually);
    expect(await method.getByTestId('rule-issue').textContent()).toMatch(/^source: /);
    await page.getByRole('button', { name: 'Edit observation-method' }).click();
    await form.getByLabel(/^Source path/).fill('OBX-17');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => method.getByTestId('rule-issue').count(), eventually).toBe(0);

    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.getByTestId('profile-version').textContent(), eventually).toBe('Version 2');
    await expect.poll(() => page.getByTestId('version-row').count(), eventually).toBe(2);
    // The preview's message survives the editor starting over on the new version.
    await expect.poll(() => bundleText(page), eventually).toContain('"corrected"');

    await page.goto(`${engine.url}#/messages/${messageId}`);
    const detail = page.getByTestId('message-detail');
    await detail.waitFor(eventually);
    await detail.getByTestId('reprocess').click();
    await expect.poll(async () => (await found())?.attemptCount, eventually).toBe(2);
    await expect.poll(async () => (await found())?.status, eventually).toBe('processed');
    await detail.getByRole('tab', { name: /Linked FHIR resources/ }).click();
    const observation = detail.locator('[data-testid="link"][data-resource^="Observation/"]').first();
    await expect.poll(() => observation.getByText('updated').count(), eventually).toBe(1);
    const resource = (await observation.getAttribute('data-resource')) as string;
    await observation.getByRole('link').click();
    const view = page.locator(`[data-testid="fhir-resource"][data-resource="${resource}"]`);
    await view.waitFor(eventually);
    await expect.poll(async () => (await view.getByTestId('fhir-json').textContent()) ?? '', eventually).toContain('"corrected"');
    await page.close();
  });

  it('assigns a profile to a message type in the connector form and shows it on the connector', async () => {
    const page = await openConsole(browser, engine.url, 'connectors');
    const row = page.locator('[data-testid="connector-row"][data-connector-name="Lab results"]');
    await row.getByRole('button', { name: /^Edit/ }).click();
    const form = page.getByTestId('connector-form');
    await form.getByRole('button', { name: 'Assign a profile' }).click();
    await form.getByLabel('Message type 1', { exact: true }).fill('ORU^R01');
    await form.getByLabel('Mapping profile 1', { exact: true }).click();
    await page.getByRole('option', { name: /^ORU\^R01 results/ }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.getByTestId('connector-mapping-profile').textContent(), eventually).toMatch(/^ORU\^R01 → ORU\^R01 results/);
    const connectors = (await (await fetch(new URL('api/v1/connectors', engine.url))).json()) as { data: { name: string; settings: { mappingProfiles?: Record<string, string> } }[] };
    expect(Object.keys(connectors.data.find((c) => c.name === 'Lab results')?.settings.mappingProfiles ?? {})).toEqual(['ORU^R01']);
    await page.close();
  });

  it('edits a FHIR → HL7 v2 rule against the preview of a pasted and of a stored resource, and saves a new version', async () => {
    const created = await fetch(new URL('fhir/R4/Patient', engine.url), { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(PATIENT) });
    expect(created.status).toBe(201);
    const storedId = ((await created.json()) as { id: string }).id;

    const page = await openConsole(browser, engine.url, 'mappings');
    const row = page.locator('[data-testid="fhir-profile-row"][data-resource-type="Patient"]');
    const profileId = (await row.getAttribute('data-profile-id')) as string;
    await row.getByRole('link').click();
    await page.locator(`[data-testid="fhir-profile-editor"][data-profile-id="${profileId}"]`).waitFor(eventually);
    expect(page.url()).toContain(`#/mappings/${profileId}`);

    await page.getByTestId('preview-resource').fill(JSON.stringify(PATIENT));
    await expect.poll(() => previewGender(page), eventually).toBe('M');

    // PID-8 from a constant instead of Patient.gender.
    await page.getByRole('button', { name: 'Edit pid-gender' }).click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('Transform', { exact: true }).click();
    await page.getByRole('option', { name: 'constant', exact: true }).click();
    await form.getByLabel(/^Argument value/).fill('U');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => previewGender(page), eventually).toBe('U');

    // A target that is no HL7 field is shown beside its rule, from the preview's 422.
    await page.getByRole('button', { name: 'Edit pid-birth-date' }).click();
    await form.getByLabel(/^Target path/).fill('PID7');
    await form.getByRole('button', { name: 'Apply' }).click();
    const birthDate = page.locator('[data-testid="rule-row"][data-rule-id="pid-birth-date"]');
    await birthDate.getByTestId('rule-issue').waitFor(eventually);
    await page.getByRole('button', { name: 'Edit pid-birth-date' }).click();
    await form.getByLabel(/^Target path/).fill('PID-7');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => birthDate.getByTestId('rule-issue').count(), eventually).toBe(0);
    if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'fhir-to-hl7-mapping.png'));

    // The same draft over the Patient stored in the FHIR store.
    await page.getByTestId('fhir-mapping-preview').getByText('Stored resource', { exact: true }).click();
    await page.getByTestId('preview-resource-id').fill(`Patient/${storedId}`);
    await expect.poll(() => previewGender(page), eventually).toBe('U');

    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.getByTestId('profile-version').textContent(), eventually).toBe('Version 2');
    await expect.poll(() => page.getByTestId('version-row').count(), eventually).toBe(2);
    const stored = (await (await fetch(new URL(`api/v1/fhir-mapping-profiles/${profileId}`, engine.url))).json()) as { version: number; rules: { id: string; transform?: string }[] };
    expect([stored.version, stored.rules.find((r) => r.id === 'pid-gender')?.transform]).toEqual([2, 'constant']);
    await page.close();
  });
  it('shows the fields a rule reads for its transform and the absent reason it writes', async () => {
    const page = await openConsole(browser, engine.url, 'mappings');
    const siu = page.locator('[data-testid="profile-row"]', { hasText: 'SIU^S12' });
    await siu.getByRole('link').click();
    const end = page.locator('[data-testid="rule-row"][data-rule-id="appointment-end-after-service-duration"]');
    await end.waitFor(eventually);
    expect(await end.textContent()).toContain('duration from TQ1-6.1|SCH-9, units from TQ1-6.2|SCH-10');
    expect(await end.textContent()).toContain('else absent (unknown)');
    await page.close();
  });
});
