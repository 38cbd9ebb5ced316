import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';

/** Activation, processing, change events and refetches can take seconds on a busy machine. */
const eventually = { timeout: 20_000 };
const shots = process.env.UPDATE_SCREENSHOTS === '1';

describe('the first-run wizard in the browser console', () => {
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

  it('takes a fresh engine from the dashboard to a test message in the log: data folder, LIS connector from its template, test message, arrival', async () => {
    const page = await openConsole(browser, engine.url, 'dashboard');
    const offer = page.getByTestId('first-run-offer');
    await offer.waitFor(eventually);
    await offer.getByRole('link', { name: 'Start setup' }).click();
    await page.getByRole('heading', { name: 'Set up your first connector', level: 1 }).waitFor();

    const dataDir = page.getByTestId('first-run-data-dir');
    await dataDir.waitFor(eventually);
    expect(await dataDir.textContent()).toMatch(/interop-/);
    expect(await page.getByTestId('first-run-free-disk').textContent()).toMatch(/\d+(\.\d)? (MB|GB)/);
    expect(await page.getByTestId('first-run-data-folder').textContent()).toContain('--data-dir');
    await page.getByRole('button', { name: 'Next' }).click();

    const step = page.getByTestId('first-run-connector');
    await step.getByRole('radio', { name: /Laboratory results/ }).check();
    const port = step.getByLabel('Port', { exact: true });
    await expect.poll(async () => Number(await port.inputValue()), eventually).toBeGreaterThanOrEqual(2575);
    if (shots) await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'first-run.png'));
    await step.getByRole('button', { name: 'Create and start listening' }).click();

    const send = page.getByTestId('first-run-test-message');
    await send.waitFor(eventually);
    await send.getByRole('button', { name: 'Send test message' }).click();
    const ack = page.getByTestId('first-run-ack');
    await ack.waitFor(eventually);
    expect(await ack.textContent()).toMatch(/^ORU\^R01 TEST\w+ answered AA: stored\.$/);
    await send.getByRole('button', { name: 'Next' }).click();

    const arrived = page.getByTestId('first-run-arrived');
    await arrived.waitFor(eventually);
    expect(await arrived.textContent()).toContain('ORU^R01');

    await page.getByTestId('first-run-log-link').click();
    await expect.poll(() => page.getByTestId('message-row').count(), eventually).toBe(1);
    expect(page.url()).toMatch(/#\/messages\?connector=CONN_/);

    const connectors = (await (await fetch(new URL('api/v1/connectors', engine.url))).json()) as { data: { status: string; settings: { template?: string } }[] };
    expect(connectors.data).toMatchObject([{ status: 'active', settings: { template: 'lis-oru-results' } }]);

    // Once a connector exists the dashboard offers the wizard no more.
    await page.goto(`${engine.url}#/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByTestId('connector-tile').first().waitFor(eventually);
    expect(await page.getByTestId('first-run-offer').count()).toBe(0);
    await page.close();
  });

  it('is offered again on a fresh console until dismissed, and never after', async () => {
    const fresh = await startHeadless();
    try {
      const page = await openConsole(browser, fresh.url, 'dashboard');
      await page.getByTestId('first-run-offer').waitFor(eventually);
      await page.getByTestId('first-run-offer').getByRole('button', { name: 'Dismiss' }).click();
      await page.getByTestId('first-run-offer').waitFor({ state: 'detached' });
      await page.reload();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await page.getByTestId('dashboard-no-connectors').waitFor(eventually);
      expect(await page.getByTestId('first-run-offer').count()).toBe(0);
      await page.close();
    } finally {
      expect(await fresh.stop()).toBe(0);
    }
  });

  it('fills the connector form from a template chosen in the catalog', async () => {
    const page = await openConsole(browser, engine.url, 'connectors');
    await page.getByRole('button', { name: 'New from template' }).click();
    const catalog = page.getByRole('dialog', { name: 'New connector from a template' });
    await catalog.getByTestId('template-card-adt-feed').waitFor(eventually);
    expect(await catalog.getByTestId('template-stats-lis-oru-results').textContent()).toMatch(/^1 connector · 1 active · last 24 h: /);
    expect(await catalog.getByTestId('template-card-epic-fhir-r4').textContent()).toContain('Not approved');
    if (shots) await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'connector-catalog.png'));

    // An unapproved template asks first.
    await catalog.getByRole('button', { name: 'Use template Epic FHIR R4' }).click();
    await page.getByRole('dialog', { name: 'Template not approved' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    await catalog.getByRole('button', { name: 'Use template ADT feed (patient administration)' }).click();
    const form = page.getByRole('dialog', { name: 'New connector · from ADT feed (patient administration)' });
    await form.waitFor();
    expect(await form.getByLabel('Port', { exact: true }).inputValue()).toBe('2576');
    expect(await form.getByTestId('connector-form').textContent()).toContain('ADT^A40');
    await form.getByLabel(/^Name( \*)?$/).fill('Ward ADT');
    await form.getByRole('button', { name: /^(Create|Save)/ }).click();
    await form.waitFor({ state: 'detached', ...eventually });

    const adt = (await (await fetch(new URL('api/v1/connector-definitions/adt-feed', engine.url))).json()) as { statistics: { connectors: number } };
    expect(adt.statistics.connectors).toBe(1);
    const made = (await (await fetch(new URL('api/v1/connectors?q=Ward', engine.url))).json()) as { data: { port: number; messageTypes: string[]; settings: { template: string; mappingProfiles: Record<string, string> } }[] };
    expect(made.data[0]).toMatchObject({ port: 2576, settings: { template: 'adt-feed' } });
    expect(Object.keys(made.data[0]?.settings.mappingProfiles ?? {})).toEqual(expect.arrayContaining(['ADT^A01', 'ADT^A40']));
    await page.close();
  });
});
