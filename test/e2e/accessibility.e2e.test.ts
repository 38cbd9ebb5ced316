import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser, startHeadless, type HeadlessConsole } from '../support/console-browser';
import { activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';

const eventually = { timeout: 15_000 };

describe('accessibility of the console (axe-core, WCAG 2.1 AA)', () => {
  let engine: HeadlessConsole;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let connectorId: string;

  beforeAll(async () => {
    engine = await startHeadless();
    browser = await launchBrowser();
    const { id, port } = await activeMllpInbound(engine.url, 'Ward ADT and lab feed');
    connectorId = id;
    await sendOverMllp(port, ['msfc_ADT-A01-01.hl7', 'msfc_LAB-ORU-1.hl7', 'malformed/cdcdex_Genv1_junk_before_MSH.hl7'].map(corpusMessage));
    const patient = { resourceType: 'Patient', name: [{ family: 'Duck', given: ['Donald'] }], birthDate: '1934-06-09', gender: 'male' };
    const created = await fetch(`${engine.url}fhir/R4/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(patient) });
    expect(created.status).toBe(201);
    // axe is injected as a script of its own, which the console's CSP would refuse.
    context = await browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    expect(await engine?.stop()).toBe(0);
  });

  const open = async (path: string) => {
    await page.goto(`${engine.url}#/${path}`);
    await page.locator('[data-app-state="ready"]').waitFor();
  };

  const expectAccessible = async (view: string) => {
    const found = { h1: await page.locator('h1').count(), violations: await seriousViolations(page) };
    expect(found, view).toEqual({ h1: 1, violations: [] });
  };

  it('Dashboard', async () => {
    await open('dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('connector-tile').first().waitFor();
    await page.getByTestId('metrics-chart').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('Dashboard');
  });

  it('Messages, with messages in the log', async () => {
    await open('messages');
    await expect.poll(() => page.getByTestId('message-row').count(), eventually).toBe(3);
    await expectAccessible('Messages');
  });

  it('the message detail drawer, each of its tabs, for a processed and for a refused message', async () => {
    for (const controlId of ['182', '123451']) {
      await open('messages');
      await page.locator(`[data-testid="message-row"][data-control-id="${controlId}"]`).click();
      const detail = page.getByTestId('message-detail');
      await detail.waitFor();
      await page.getByTestId('raw-message').waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(`message ${controlId}, Raw`);
      for (const tab of ['Fields', 'ACK sent', 'Attempts', 'Linked FHIR resources', 'Delivery']) {
        await detail.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        await page.waitForLoadState('networkidle');
        await expectAccessible(`message ${controlId}, ${tab}`);
      }
    }
  });

  it('Connectors and the connector forms', async () => {
    await open('connectors');
    await page.getByTestId('connectors-table').waitFor();
    await page.getByTestId('connector-unmapped').waitFor(eventually);
    await expectAccessible('Connectors');
    await page.getByRole('button', { name: 'New connector' }).first().click();
    await page.getByRole('dialog', { name: 'New connector' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('New connector form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByRole('dialog', { name: /^Edit connector/ }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('Edit connector form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the connector catalog, a form filled from a template, and the first-run wizard', async () => {
    await open('connectors');
    await page.getByRole('button', { name: 'New from template' }).click();
    const catalog = page.getByRole('dialog', { name: 'New connector from a template' });
    await catalog.getByTestId('template-card-lis-oru-results').waitFor(eventually);
    await page.waitForLoadState('networkidle');
    await expectAccessible('Connector catalog');
    await catalog.getByRole('button', { name: 'Use template Epic FHIR R4' }).click();
    await page.getByRole('dialog', { name: 'Template not approved' }).waitFor();
    await expectAccessible('Unapproved template confirmation');
    await page.getByTestId('use-unapproved-template').click();
    await page.getByRole('dialog', { name: 'New connector · from Epic FHIR R4' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('Connector form from a template');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await open('first-run');
    await page.getByTestId('first-run-data-dir').waitFor(eventually);
    await expectAccessible('First-run wizard, data folder');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('first-run-connector').getByRole('radio').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('First-run wizard, first connector');
  });

  it('Mappings: the profiles list, a profile\'s rules editor with its preview, the rule form and the copy form', async () => {
    await open('mappings');
    await page.getByTestId('profiles-table').waitFor();
    await expectAccessible('Mappings');
    await page.locator('[data-testid="profile-row"]', { hasText: 'ORU^R01' }).getByRole('link').click();
    await page.getByTestId('rules-table').waitFor();
    await page.getByTestId('preview-message').fill(corpusMessage('msfc_LAB-ORU-1.hl7'));
    await page.getByTestId('mapping-preview').getByTestId('fhir-json').waitFor(eventually);
    await page.getByTestId('version-row').first().waitFor();
    await page.getByTestId('unmapped-coverage-row').first().waitFor(eventually);
    await expectAccessible('Mapping profile editor with its preview and coverage');
    await page.getByRole('button', { name: 'Edit observation-status' }).click();
    await page.getByRole('dialog', { name: /^Edit rule/ }).waitFor();
    await expectAccessible('Rule form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await open('mappings');
    await page.getByRole('button', { name: /^Copy ORU\^R01/ }).click();
    await page.getByRole('dialog', { name: /^Copy / }).waitFor();
    await expectAccessible('Copy profile form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('Mappings filtered by a connector, with what its messages left unmapped', async () => {
    await open(`mappings?connector=${connectorId}`);
    await page.getByTestId('connector-coverage').getByTestId('unmapped-coverage-row').first().waitFor(eventually);
    await page.getByTestId('fhir-profiles-table').waitFor();
    await expectAccessible('Mappings filtered by a connector');
  });

  it('a FHIR → HL7 v2 profile\'s rules editor with the preview of its message, and its rule form', async () => {
    await open('mappings');
    await page.locator('[data-testid="fhir-profile-row"][data-resource-type="Patient"]').getByRole('link').click();
    await page.getByTestId('rules-table').waitFor();
    await page.getByTestId('preview-resource').fill(JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Duck' }], gender: 'male' }));
    await page.getByTestId('fhir-mapping-preview').getByTestId('raw-message').waitFor(eventually);
    await page.getByTestId('version-row').first().waitFor();
    await expectAccessible('FHIR → HL7 v2 profile editor with its preview');
    await page.getByRole('button', { name: 'Edit pid-gender' }).click();
    await page.getByRole('dialog', { name: /^Edit rule/ }).waitFor();
    await expectAccessible('FHIR → HL7 v2 rule form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('fhir-mapping-preview').getByText('Stored resource', { exact: true }).click();
    await page.getByTestId('preview-resource-id').fill('Patient/no-such-patient');
    await page.getByTestId('preview-source-problem').waitFor(eventually);
    await expectAccessible('FHIR → HL7 v2 preview of a resource not found');
  });

  it('the FHIR browser, a resource with its history, and the Exports tab with its form', async () => {
    await open('fhir');
    await page.getByTestId('fhir-search').waitFor();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('fhir-row').first().waitFor();
    await expectAccessible('FHIR browser');
    await page.getByTestId('fhir-row').first().click();
    await page.getByTestId('fhir-resource').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('FHIR resource');
    await page.getByRole('tab', { name: 'History' }).click();
    await page.waitForLoadState('networkidle');
    await expectAccessible('FHIR resource history');
    await open('fhir/exports');
    await page.getByTestId('fhir-exports-tab').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('FHIR exports');
    await page.getByRole('button', { name: 'New export' }).first().click();
    await page.getByRole('dialog', { name: 'New export' }).waitFor();
    await expectAccessible('New export form');
  });

  it('Interface errors with the refused message as a group, the group opened, and its action confirmation', async () => {
    await open('interface-errors');
    const group = page.getByTestId('error-group').first();
    await group.waitFor(eventually);
    await expectAccessible('Interface errors');
    await group.locator('button[aria-expanded]').click();
    await page.getByTestId('group-error').first().waitFor();
    await expectAccessible('Interface errors, a group opened');
    await group.getByRole('button', { name: 'Ignore…' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible('Interface errors, ignore confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('API clients, with a client, and the new client form', async () => {
    const created = await fetch(`${engine.url}api/v1/api-clients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Billing sync', scopes: ['svc:interop:read', 'system/Patient.rs'] }) });
    expect(created.status).toBe(201);
    await open('api-clients');
    await page.getByTestId('api-client-row').first().waitFor();
    await expectAccessible('API clients');
    await page.getByRole('button', { name: 'New API client' }).click();
    await page.getByRole('dialog', { name: 'New API client' }).waitFor();
    await expectAccessible('New API client form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('Outbound (both tabs, empty), Jobs, Alerts, Audit log, Settings and an unknown address', async () => {
    for (const path of ['outbound', 'outbound?tab=subscriptions', 'jobs', 'alerts', 'audit', 'settings', 'no-such-page']) {
      await open(path);
      await page.getByRole('heading').first().waitFor();
      await expectAccessible(path);
    }
  });

  it('reaches a primary action by keyboard with a visible focus ring and activates it with Enter', async () => {
    await open('connectors');
    await page.getByTestId('connectors-table').waitFor();
    const target = page.getByRole('button', { name: 'New connector' }).first();
    let focused = false;
    for (let presses = 0; presses < 40 && !focused; presses++) {
      await page.keyboard.press('Tab');
      focused = await target.evaluate((button) => button === document.activeElement);
    }
    expect(focused, 'New connector reached with Tab').toBe(true);
    const ring = await target.evaluate((button) => {
      const style = getComputedStyle(button);
      return { focusVisible: button.matches(':focus-visible'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.focusVisible).toBe(true);
    expect(ring.outline).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New connector' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('opens a message from the log by keyboard: Tab to the row, Enter', async () => {
    await open('messages');
    await expect.poll(() => page.getByTestId('message-row').count(), eventually).toBe(3);
    let onRow = false;
    for (let presses = 0; presses < 60 && !onRow; presses++) {
      await page.keyboard.press('Tab');
      onRow = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'message-row');
    }
    expect(onRow, 'a message row reached with Tab').toBe(true);
    expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible') && getComputedStyle(document.activeElement).outlineStyle !== 'none')).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('message-detail').waitFor();
  });
});
