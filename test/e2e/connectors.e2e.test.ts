import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot } from '../support/console-browser';
import { freePort } from '../support/free-port';
import { REPO_ROOT, spawnEngine, tempDataDir, type EngineProcess } from '../support/headless-process';
import { holdPortInAnotherProcess, killProcess } from '../support/port-holders';
import { callApi, postApi as post, useConsoleSession, withEngine } from './console-session';

interface NewConnector {
  name: string;
  port: string;
  host?: string;
  facilityId?: string;
  messageTypes?: string[];
}

const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;
const rowOf = (page: Page, name: string): Locator => page.locator(`[data-testid="connector-row"][data-connector-name="${name}"]`);
const statusOf = (row: Locator) => row.getByTestId('connector-status').textContent();
/** The input labelled `label`, whether or not the label carries the required-field asterisk. */
const inputOf = (scope: Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${label}( \\*)?$`));

/** Fills the New connector form (MLLP inbound are the defaults) and presses Save; returns the dialog. */
async function submitNewConnector(page: Page, connector: NewConnector): Promise<Locator> {
  await page.getByRole('button', { name: 'New connector' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New connector' });
  await inputOf(dialog, 'Name').fill(connector.name);
  expect(await inputOf(dialog, 'Protocol').inputValue()).toBe('MLLP');
  expect(await inputOf(dialog, 'Direction').inputValue()).toBe('Inbound');
  if (connector.host) await inputOf(dialog, 'Host').fill(connector.host);
  await inputOf(dialog, 'Port').fill(connector.port);
  if (connector.facilityId) await inputOf(dialog, 'Facility ID').fill(connector.facilityId);
  for (const type of connector.messageTypes ?? []) {
    await inputOf(dialog, 'Message types').fill(type);
    await inputOf(dialog, 'Message types').press('Enter');
  }
  await dialog.getByRole('button', { name: 'Save' }).click();
  return dialog;
}

/** The text of the error element an input points at through aria-describedby. */
async function describedErrorOf(page: Page, input: Locator): Promise<string> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describe('connectors page', () => {
  const session = useConsoleSession();

  it('creates an MLLP inbound connector through the form, still lists it after a reload, and activates it', async () => {
    const page = await session.open('connectors');
    const name = uniqueName('ADT from EHR');
    const dialog = await submitNewConnector(page, { name, host: '127.0.0.1', port: String(await freePort()), facilityId: 'MAIN', messageTypes: ['ADT^A01', 'ADT^A08'] });
    await dialog.waitFor({ state: 'hidden' });

    const row = rowOf(page, name);
    await row.waitFor();
    expect(await statusOf(row)).toBe('configured');
    expect(await row.textContent()).toContain('ADT^A08');

    await page.reload();
    await page.locator('[data-app-state="ready"]').waitFor();
    await row.waitFor();

    await row.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => statusOf(row)).toBe('active');
    await row.getByRole('button', { name: 'Pause' }).waitFor();
    await page.close();
  });

  it('shows the engine’s field message under Port when the port is out of range, and saves nothing', async () => {
    const page = await session.open('connectors');
    const name = uniqueName('Bad port');
    const dialog = await submitNewConnector(page, { name, port: '70000' });

    const port = inputOf(dialog, 'Port');
    await expect.poll(() => port.getAttribute('aria-invalid')).toBe('true');
    expect(await describedErrorOf(page, port)).toContain('must be 1–65535');
    expect(await dialog.isVisible()).toBe(true);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await rowOf(page, name).count()).toBe(0);
    await page.close();
  });

  it('shows the engine’s refusal in a red notification, naming the holder, when another connector already listens on the port', async () => {
    const port = await freePort();
    const slot = { protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port };
    const holderName = uniqueName('Holder');
    const holder = await post(session.engine.url, 'api/v1/connectors', { name: holderName, ...slot, facilityId: 'NORTH' });
    await post(session.engine.url, `api/v1/connectors/${holder.id}/activate`, {});
    const contender = uniqueName('Contender');
    await post(session.engine.url, 'api/v1/connectors', { name: contender, ...slot, facilityId: 'SOUTH' });

    const page = await session.open('connectors');
    const row = rowOf(page, contender);
    await row.getByRole('button', { name: 'Activate' }).click();
    const notification = page.locator('.mantine-Notification-root', { hasText: `Could not activate ${contender}` });
    await notification.waitFor();
    expect(await notification.textContent()).toContain(`already in use by connector "${holderName}"`);
    expect(await statusOf(row)).toBe('configured');
    await page.close();
  });

  it('reloads the edit form with a notification when someone else saved the connector first', async () => {
    const name = uniqueName('Edited twice');
    const made = await post(session.engine.url, 'api/v1/connectors', { name, protocol: 'mllp', direction: 'inbound', port: await freePort() });
    const page = await session.open('connectors');
    await rowOf(page, name).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit connector · ${name}` });
    await inputOf(dialog, 'Facility ID').fill('MINE');

    await callApi(session.engine.url, 'PATCH', `api/v1/connectors/${made.id}`, { version: 1, facilityId: 'THEIRS' });
    await dialog.getByRole('button', { name: 'Save' }).click();

    await page.locator('.mantine-Notification-root', { hasText: 'changed by someone else — reloaded' }).waitFor();
    await expect.poll(() => inputOf(dialog, 'Facility ID').inputValue()).toBe('THEIRS');
    await inputOf(dialog, 'Facility ID').fill('MINE');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => rowOf(page, name).textContent()).toContain('Facility MINE');
    await page.close();
  });

  it('deletes a connector after confirmation', async () => {
    const name = uniqueName('Short-lived');
    await post(session.engine.url, 'api/v1/connectors', { name, protocol: 'webhook', direction: 'inbound' });
    const page = await session.open('connectors');
    await rowOf(page, name).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete connector' }).getByRole('button', { name: 'Delete' }).click();
    await rowOf(page, name).waitFor({ state: 'detached' });
    await page.close();
  });

  it('shows a connector changed elsewhere without a reload, through the change-event stream', async () => {
    const page = await session.open('connectors');
    await page.getByTestId('connectors-table').or(page.getByTestId('connectors-empty')).waitFor();
    const name = uniqueName('Made elsewhere');
    const made = await post(session.engine.url, 'api/v1/connectors', { name, protocol: 'webhook', direction: 'inbound' });
    const row = rowOf(page, name);
    await row.waitFor();
    await post(session.engine.url, `api/v1/connectors/${made.id}/activate`, {});
    await expect.poll(() => statusOf(row)).toBe('active');
    await page.close();
  });

  it.runIf(process.env.UPDATE_SCREENSHOTS === '1')('writes docs/screenshots/connectors.png', async () => {
    await withEngine(async (shot) => {
      const system = await post(shot.url, 'api/v1/external-systems', { name: 'Riverside EHR', kind: 'ehr' });
      const adt = await post(shot.url, 'api/v1/connectors', {
        name: 'ADT feed from Riverside EHR', protocol: 'mllp', direction: 'inbound', host: '0.0.0.0', port: await freePort(),
        messageTypes: ['ADT^A01', 'ADT^A04', 'ADT^A08', 'ADT^A03'], facilityId: 'RIVERSIDE', externalSystemId: system.id,
      });
      await post(shot.url, `api/v1/connectors/${adt.id}/activate`, {});
      const results = await post(shot.url, 'api/v1/connectors', {
        name: 'Lab results to LIS', protocol: 'mllp', direction: 'outbound', host: 'lis.riverside.local', port: 6661, tlsEnabled: true,
        authMode: 'shared-secret', authConfig: { secret: 'not-a-real-secret' }, messageTypes: ['ORU^R01'], facilityId: 'RIVERSIDE',
      });
      await post(shot.url, `api/v1/connectors/${results.id}/activate`, {});
      await post(shot.url, `api/v1/connectors/${results.id}/pause`, {});
      await post(shot.url, 'api/v1/connectors', {
        name: 'Regional HIE (FHIR)', protocol: 'fhir-rest', direction: 'outbound', host: 'fhir.hie.example.org', port: 443, tlsEnabled: true,
        authMode: 'oauth2', authConfig: { tokenUrl: 'https://auth.hie.example.org/token', clientId: 'riverside', clientSecret: 'not-a-real-secret' },
      });
      await post(shot.url, 'api/v1/connectors', { name: 'Radiology orders (RIS)', protocol: 'mllp', direction: 'bidirectional', host: 'ris.riverside.local', port: 2576, messageTypes: ['ORM^O01', 'OMI^O23'] });

      const page = await openConsole(session.browser, shot.url, 'connectors');
      await rowOf(page, 'Radiology orders (RIS)').waitFor();
      await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'connectors.png'));
      await page.close();
    });
  });
});

describe('console of an engine whose listener cannot listen', () => {
  let browser: Browser;
  let engine: EngineProcess | undefined;
  let holder: ChildProcess | undefined;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (holder) await killProcess(holder);
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the connector as failing in the list and on the dashboard, and the header as degraded', async () => {
    const port = await freePort();
    const name = uniqueName('Lab feed');
    const first = await spawnEngine([], undefined, dataDir);
    const made = await post(first.url, 'api/v1/connectors', { name, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port });
    await post(first.url, `api/v1/connectors/${made.id}/activate`, {});
    expect(await first.stop()).toBe(0);
    holder = await holdPortInAnotherProcess(port);
    engine = await spawnEngine([], undefined, dataDir);

    const page = await openConsole(browser, engine.url, 'connectors');
    const row = rowOf(page, name);
    await expect.poll(() => statusOf(row)).toBe('failing');
    expect(await row.getByTestId('connector-last-error').textContent()).toContain('already in use by another process');
    const header = page.getByTestId('engine-status');
    await expect.poll(() => header.getAttribute('data-engine-health')).toBe('degraded');
    expect(await header.textContent()).toContain(`Engine degraded · connector "${name}" is active but does not listen`);

    await page.getByRole('link', { name: 'Dashboard' }).click();
    const listeners = page.getByTestId('listener-health');
    await listeners.waitFor();
    expect(await listeners.textContent()).toContain('0 of 1 listening');
    expect(await listeners.textContent()).toContain(`connector "${name}" is active but does not listen`);
    await page.close();
  });
});

describe('console of an engine that requires an access token', () => {
  const token = randomUUID();
  const session = useConsoleSession(['--token', token]);

  it('asks for the token on the first 401, then lists connectors and follows change events with it', async () => {
    const page = await session.open('connectors');
    const prompt = page.getByRole('dialog', { name: 'Access token' });
    await prompt.getByLabel('Access token').fill(token);
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await prompt.waitFor({ state: 'hidden' });
    await page.getByTestId('connectors-empty').waitFor();

    const name = uniqueName('Behind a token');
    await post(session.engine.url, 'api/v1/connectors', { name, protocol: 'webhook', direction: 'inbound' }, token);
    await rowOf(page, name).waitFor();

    await page.reload();
    await rowOf(page, name).waitFor();
    expect(await prompt.count()).toBe(0);
    await page.close();
  });
});
