import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';

const eventually = { timeout: 20_000 };
const CSV = ['MRN,Apellido,First Name,DOB,Sex', '1001,Rivera,Ana,19800214,F', '1002,Okafor,Chidi,someday,M', '1003,Lee,Min,1975-07-30,F', '1004,Novak,Ivan,19921101,M'].join('\n');

describe('Import / Export in the console', () => {
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

  it('uploads a CSV, maps its columns over a preview of the first rows, imports it and downloads the error report', async () => {
    const page = await openConsole(browser, engine.url, 'data');
    await page.getByTestId('imports-empty').waitFor();
    await page.getByTestId('new-import').click();
    const form = page.getByTestId('import-form');
    await form.locator('input[type="file"]').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    const preview = form.getByTestId('csv-preview');
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBe(4);
    expect(await preview.locator('tbody tr').first().textContent()).toContain('Rivera');
    // Fields guessed from the headers; the operator can change each.
    expect(await form.getByLabel('Field for MRN', { exact: true }).inputValue()).toBe('Identifier (MRN)');
    expect(await form.getByLabel('Field for DOB', { exact: true }).inputValue()).toBe('Birth date');
    expect(await form.getByLabel('Field for First Name', { exact: true }).inputValue()).toBe('Given name');
    expect(await form.getByLabel('Field for Apellido', { exact: true }).inputValue()).toBe('');
    await form.getByLabel('Field for Apellido', { exact: true }).click();
    await page.getByRole('option', { name: 'Family name', exact: true }).click();
    expect(await form.getByLabel('Field for Apellido', { exact: true }).inputValue()).toBe('Family name');
    await screenshot(page, join(REPO_ROOT, 'test-results', 'data-batches-mapping.png'));

    await form.getByTestId('import-start').click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId('import-row').first();
    await expect.poll(() => row.getByTestId('batch-status').textContent(), eventually).toBe('completed');
    expect(await row.getByTestId('import-counts').textContent()).toBe('3 succeeded, 1 failed');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('error-report').click()]);
    expect(download.suggestedFilename()).toBe('errors.csv');
    const report = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    expect(report).toEqual(['line,code,message', expect.stringMatching(/^3,MAP_BAD_DATE,column DOB: /)]);
    expect(report[1]).not.toMatch(/someday|Okafor/);

    const patients = (await (await fetch(new URL('fhir/R4/Patient?family=Rivera', engine.url))).json()) as { entry: { resource: { name: { given: string[] }[]; birthDate: string; gender: string } }[] };
    expect(patients.entry[0]?.resource).toMatchObject({ name: [{ family: 'Rivera', given: ['Ana'] }], birthDate: '1980-02-14', gender: 'female' });
    await screenshot(page, join(REPO_ROOT, 'test-results', 'data-batches.png'));
    await page.close();
  });
});
