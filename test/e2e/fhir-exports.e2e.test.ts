import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';

/** Engine work and refetches can take seconds on a busy machine; expect.poll's default is 1 s. */
const eventually = { timeout: 15_000 };
const PATIENTS = 2;
const OBSERVATIONS = 3;

async function createResource(baseUrl: string, resource: { resourceType: string } & Record<string, unknown>): Promise<string> {
  const response = await fetch(new URL(`fhir/R4/${resource.resourceType}`, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  if (response.status !== 201) throw new Error(`POST ${resource.resourceType} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

const lineCount = (text: string) => text.split('\n').filter((line) => line !== '').length;
const rows = (page: Page): Locator => page.getByTestId('export-row');

async function filesOf(row: Locator): Promise<Record<string, number>> {
  const files = row.getByTestId('export-file');
  const out: Record<string, number> = {};
  for (let i = 0; i < (await files.count()); i++) {
    const file = files.nth(i);
    out[(await file.getAttribute('data-type')) ?? ''] = Number(await file.getAttribute('data-count'));
  }
  return out;
}

describe('FHIR exports in the console', () => {
  let engine: HeadlessConsole;
  let browser: Browser;

  beforeAll(async () => {
    engine = await startHeadless();
    browser = await launchBrowser();
    for (let i = 0; i < PATIENTS; i++) {
      const patient = await createResource(engine.url, { resourceType: 'Patient', name: [{ family: `Export${i}` }] });
      for (let j = i; j < OBSERVATIONS; j += PATIENTS) {
        await createResource(engine.url, { resourceType: 'Observation', status: 'final', code: { text: 'Heart rate' }, subject: { reference: `Patient/${patient}` } });
      }
    }
    await createResource(engine.url, { resourceType: 'Practitioner', name: [{ family: 'Left out' }] });
  });
  afterAll(async () => {
    await browser?.close();
    expect(await engine?.stop()).toBe(0);
  });

  it('starts an export from the FHIR section, shows it complete with a count per file, and downloads each file', async () => {
    const page = await openConsole(browser, engine.url, 'fhir');
    await page.getByTestId('fhir-exports-tab').click();
    await page.getByTestId('exports-empty').waitFor();
    expect(page.url()).toMatch(/#\/fhir\/exports$/);

    await page.getByRole('button', { name: 'New export' }).first().click();
    const form = page.getByTestId('new-export-form');
    await form.getByRole('combobox', { name: 'Resource types' }).click();
    await page.getByRole('option', { name: 'Patient', exact: true }).click();
    await page.getByRole('option', { name: 'Observation', exact: true }).click();
    // Leaving the field closes its dropdown, which covers the buttons below.
    await page.keyboard.press('Tab');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await form.getByRole('button', { name: 'Start export' }).click();
    await form.waitFor({ state: 'detached' });

    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    const row = rows(page).first();
    await expect.poll(() => row.getAttribute('data-status'), eventually).toBe('complete');
    expect(await row.getByTestId('export-scope').textContent()).toBe('System · Patient, Observation');
    expect(await row.getByTestId('export-total').textContent()).toBe(`${PATIENTS + OBSERVATIONS} resources`);
    expect(await filesOf(row)).toEqual({ Patient: PATIENTS, Observation: OBSERVATIONS });

    const link = row.locator('[data-testid="export-file"][data-type="Observation"]');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/fhir\/R4\/\$export-file\/BEX_[0-9A-Z]{26}\/Observation$/);
    const direct = await fetch(new URL(href, engine.url));
    expect(direct.status).toBe(200);
    expect(lineCount(await direct.text())).toBe(OBSERVATIONS);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^BEX_[0-9A-Z]{26}-Observation\.ndjson$/);
    const saved = readFileSync(await download.path(), 'utf8');
    expect(lineCount(saved)).toBe(OBSERVATIONS);
    expect(saved.split('\n').filter(Boolean).every((line) => (JSON.parse(line) as { resourceType: string }).resourceType === 'Observation')).toBe(true);
    await page.close();
  });

  it('exports every type changed since a date, listed above the older export', async () => {
    const page = await openConsole(browser, engine.url, 'fhir/exports');
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: 'New export' }).first().click();
    const form = page.getByTestId('new-export-form');
    await form.getByLabel('Changed since').fill('2020-01-01');
    await form.getByRole('button', { name: 'Start export' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => rows(page).count(), eventually).toBe(2);
    const newest = rows(page).first();
    await expect.poll(() => newest.getAttribute('data-status'), eventually).toBe('complete');
    expect(await newest.getByTestId('export-scope').textContent()).toBe('System · all types · since 2020-01-01');
    expect(await filesOf(newest)).toEqual({ Observation: OBSERVATIONS, Patient: PATIENTS, Practitioner: 1 });
    await page.close();
  });

  it.runIf(process.env.UPDATE_SCREENSHOTS === '1')('writes docs/screenshots/fhir-exports.png', async () => {
    const page = await openConsole(browser, engine.url, 'fhir/exports');
    await expect.poll(() => rows(page).count(), eventually).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'fhir-exports.png'));
    await page.close();
  });

  it('deletes a finished export after confirmation, and its files with it', async () => {
    const page = await openConsole(browser, engine.url, 'fhir/exports');
    await expect.poll(() => rows(page).count(), eventually).toBe(2);
    const oldest = rows(page).nth(1);
    const href = (await oldest.locator('[data-testid="export-file"][data-type="Patient"]').getAttribute('href')) ?? '';
    await oldest.getByTestId('export-cancel').click();
    await page.getByTestId('export-cancel-confirm').click();
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    expect((await fetch(new URL(href, engine.url))).status).toBe(404);
    await page.close();
  });
});
