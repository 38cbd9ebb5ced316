import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';

/** Engine work and refetches can take seconds on a busy machine; expect.poll's default is 1 s. */
const eventually = { timeout: 15_000 };
const rows = (page: Page): Locator => page.getByTestId('fhir-row');

async function createResource(baseUrl: string, resource: { resourceType: string } & Record<string, unknown>): Promise<string> {
  const response = await fetch(new URL(`fhir/R4/${resource.resourceType}`, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  if (response.status !== 201) throw new Error(`POST ${resource.resourceType} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function openFhir(browser: Browser, url: string, path = 'fhir'): Promise<Page> {
  const page = await openConsole(browser, url, path);
  await page.getByTestId('fhir-search').waitFor();
  return page;
}

describe('FHIR browser', () => {
  let engine: HeadlessConsole;
  let browser: Browser;
  let donaldId: string;
  let daisyId: string;
  let observationId: string;

  beforeAll(async () => {
    engine = await startHeadless();
    browser = await launchBrowser();
    donaldId = await createResource(engine.url, { resourceType: 'Patient', name: [{ family: 'Duck', given: ['Donald'] }], birthDate: '1934-06-09', gender: 'male' });
    daisyId = await createResource(engine.url, { resourceType: 'Patient', name: [{ family: 'Mouse', given: ['Minnie'] }], birthDate: '1928-11-18', gender: 'female' });
    observationId = await createResource(engine.url, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' }], text: 'Hemoglobin' },
      subject: { reference: `Patient/${donaldId}` },
      effectiveDateTime: '2024-05-01T10:00:00Z',
      valueQuantity: { value: 13.2, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    expect(await engine?.stop()).toBe(0);
  });

  it('searches Patients by family through the quick field and keeps the search in the address across a reload', async () => {
    const page = await openFhir(browser, engine.url);
    await expect.poll(() => rows(page).count(), eventually).toBe(2);
    expect(await page.getByTestId('fhir-total').getAttribute('data-total')).toBe('2');

    await page.getByTestId('fhir-search').locator('input[data-param="family"]').fill('duck');
    expect(await page.getByRole('textbox', { name: 'FHIR query' }).inputValue()).toBe('family=duck');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    expect(await rows(page).first().getAttribute('data-resource')).toBe(`Patient/${donaldId}`);
    expect(await rows(page).first().textContent()).toContain('Donald Duck · 1934-06-09 · male');
    expect(page.url()).toContain('q=family%3Dduck');

    await page.reload();
    await page.locator('[data-app-state="ready"]').waitFor();
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    expect(await page.getByRole('textbox', { name: 'FHIR query' }).inputValue()).toBe('family=duck');

    await page.getByRole('textbox', { name: 'FHIR query' }).fill('family=nobody');
    await page.keyboard.press('Enter');
    await page.getByTestId('fhir-no-results').waitFor();
    expect(await rows(page).count()).toBe(0);
    await page.close();
  });

  it('pages through results with the Bundle’s next and previous links', async () => {
    const page = await openFhir(browser, engine.url, 'fhir?type=Patient&q=_count%3D1%26_sort%3Dfamily');
    await expect.poll(() => rows(page).first().getAttribute('data-resource'), eventually).toBe(`Patient/${donaldId}`);
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => rows(page).first().getAttribute('data-resource'), eventually).toBe(`Patient/${daisyId}`);
    expect(page.url()).toContain('offset=1');
    expect(await page.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '← Previous' }).click();
    await expect.poll(() => rows(page).first().getAttribute('data-resource'), eventually).toBe(`Patient/${donaldId}`);
    await page.close();
  });

  it('shows an invalid search parameter’s OperationOutcome in red', async () => {
    const page = await openFhir(browser, engine.url, 'fhir?type=Patient&q=nonsense%3D1');
    const error = page.getByTestId('fhir-search-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('nonsense');
    await page.locator('.mantine-Notification-root', { hasText: 'Search failed' }).waitFor();
    await page.close();
  });

  it('opens the Observation, follows its subject to the Patient, shows version 1 in History and validates it', async () => {
    const page = await openFhir(browser, engine.url, 'fhir?type=Observation');
    const row = page.locator(`[data-testid="fhir-row"][data-resource="Observation/${observationId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Hemoglobin · 13.2 g/dL');
    await row.click();
    const resource = page.getByTestId('fhir-resource');
    await expect.poll(() => resource.getAttribute('data-resource'), eventually).toBe(`Observation/${observationId}`);
    expect(page.url()).toContain(`#/fhir/Observation/${observationId}?type=Observation`);

    await resource.locator(`[data-testid="fhir-reference"][data-reference="Patient/${donaldId}"]`).click();
    await expect.poll(() => resource.getAttribute('data-resource'), eventually).toBe(`Patient/${donaldId}`);
    expect(await page.getByTestId('fhir-resource-title').textContent()).toContain(`Patient/${donaldId}`);
    expect(await resource.getByTestId('fhir-json').textContent()).toContain('"Duck"');

    await resource.getByRole('tab', { name: 'History' }).click();
    const versions = resource.getByTestId('fhir-version');
    await expect.poll(() => versions.count(), eventually).toBe(1);
    expect(await versions.first().getAttribute('data-version')).toBe('1');
    expect(await versions.first().textContent()).toContain('POST');

    await resource.getByTestId('fhir-validate').click();
    const validation = resource.getByTestId('fhir-validation');
    await validation.waitFor();
    expect(await validation.textContent()).toBe('No issues');

    await page.goBack();
    await expect.poll(() => resource.getAttribute('data-resource'), eventually).toBe(`Observation/${observationId}`);
    await page.keyboard.press('Escape');
    await resource.waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/#\/fhir\?type=Observation$/);
    await page.close();
  });

  it.runIf(process.env.UPDATE_SCREENSHOTS === '1')('writes docs/screenshots/fhir.png', async () => {
    const page = await openFhir(browser, engine.url, `fhir/Observation/${observationId}?type=Observation`);
    await page.getByTestId('fhir-resource').waitFor();
    await page.getByTestId('fhir-validate').click();
    await page.getByTestId('fhir-validation').waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'fhir.png'));
    await page.close();
  });
});
