import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { eventually, postApi, useConsoleSession } from './console-session';

const ONCE = 'Copy it now: it is not stored and will not be shown again';
const inputOf = (scope: Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${label}( \\*)?$`));

async function tokenFor(baseUrl: string, clientId: string, clientSecret: string): Promise<Response> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  return fetch(new URL('oauth/token', baseUrl), { method: 'POST', body });
}

async function accessTokenFor(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const answer = await tokenFor(baseUrl, clientId, clientSecret);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { access_token: string }).access_token;
}

const withToken = (baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(new URL(path, baseUrl), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });

/** The secret modal's id and secret, read as the operator would copy them; then closes it. */
async function readSecretModal(page: Page, title: RegExp): Promise<{ clientId: string; clientSecret: string }> {
  const modal = page.getByRole('dialog', { name: title });
  await modal.waitFor();
  expect(await modal.textContent()).toContain(ONCE);
  expect(await modal.getByRole('button', { name: 'Copy the client secret' }).count()).toBe(1);
  const clientId = (await modal.getByTestId('revealed-client-id').textContent()) ?? '';
  const clientSecret = (await modal.getByTestId('revealed-client-secret').textContent()) ?? '';
  expect((await seriousViolations(page)).join('\n')).toBe('');
  await modal.getByRole('button', { name: 'Done' }).click();
  await modal.waitFor({ state: 'detached' });
  return { clientId, clientSecret };
}

/** Where the page keeps `text` so that it could be read back: its DOM, its address, the browser's storage. */
const placesHolding = (page: Page, text: string): Promise<string[]> =>
  page.evaluate((needle) => {
    const places = { dom: document.documentElement.outerHTML, url: location.href, localStorage: JSON.stringify({ ...localStorage }), sessionStorage: JSON.stringify({ ...sessionStorage }) };
    return Object.entries(places)
      .filter(([, value]) => value.includes(needle))
      .map(([place]) => place);
  }, text);

describe('API clients in the console', () => {
  const session = useConsoleSession();

  it('creates a read-only client whose secret is shown once, its token reads but cannot write, edits its scopes, rotation and revocation take effect, and a reload never shows the secret again', async () => {
    const { url } = session.engine;
    // bypassCSP lets axe inject its script; the console itself runs as in the other sessions.
    const context = await session.browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}#/api-clients`);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.getByTestId('api-clients-empty').waitFor();
    expect((await seriousViolations(page)).join('\n')).toBe('');

    await page.getByRole('button', { name: 'New API client' }).click();
    const form = page.getByTestId('api-client-form');
    await inputOf(form, 'Name').fill('Billing sync');
    expect(await form.getByRole('checkbox', { name: 'svc:interop:read' }).isChecked()).toBe(true);
    expect(await form.textContent()).toContain('Read every /api/v1 list and detail (never secrets)');
    const fhirScopes = inputOf(form, 'FHIR scopes \\(SMART\\)');
    await fhirScopes.fill('Patient.read');
    await fhirScopes.blur();
    await expect.poll(() => form.getByText('"Patient.read" is not a SMART scope', { exact: false }).count(), eventually).toBe(1);
    await fhirScopes.fill('');
    // The engine's refusal of an unknown tenant lands on the Tenant field.
    await inputOf(form, 'Tenant').fill('TEN_NOWHERE');
    await form.getByRole('button', { name: 'Create client' }).click();
    await expect.poll(() => form.getByText('names no tenant').count(), eventually).toBe(1);
    expect((await seriousViolations(page)).join('\n')).toBe('');
    await inputOf(form, 'Tenant').fill('');
    await form.getByRole('button', { name: 'Create client' }).click();
    await form.waitFor({ state: 'detached' });

    const created = await readSecretModal(page, /^Client created · Billing sync/);
    expect(created.clientId).toMatch(/^CLI_/);
    expect(created.clientSecret.length).toBeGreaterThan(20);
    const row = page.locator(`[data-testid="api-client-row"][data-client-id="${created.clientId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('api-client-status').textContent()).toBe('active');
    expect(await placesHolding(page, created.clientSecret)).toEqual([]);

    const token = await accessTokenFor(url, created.clientId, created.clientSecret);
    expect((await withToken(url, token, 'GET', 'api/v1/connectors')).status).toBe(200);
    const write = await withToken(url, token, 'POST', 'api/v1/connectors', { name: 'Not allowed' });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('INTEROP_SCOPE_MISSING');

    await row.getByRole('button', { name: 'Edit Billing sync' }).click();
    const edit = page.getByTestId('api-client-form');
    expect(await inputOf(edit, 'Tenant').isDisabled()).toBe(true);
    await inputOf(edit, 'FHIR scopes \\(SMART\\)').fill('system/Patient.rs');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByText('system/Patient.rs', { exact: true }).count(), eventually).toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Rotation with no overlap: a new secret shown once, the old one refused at once.
    await row.getByRole('button', { name: 'Rotate the secret of Billing sync' }).click();
    const rotate = page.getByRole('dialog', { name: /^Rotate the secret/ });
    await inputOf(rotate, 'Overlap \\(minutes\\)').fill('0');
    await rotate.getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotated = await readSecretModal(page, /^New secret · Billing sync/);
    expect(rotated.clientId).toBe(created.clientId);
    expect(rotated.clientSecret).not.toBe(created.clientSecret);
    expect((await tokenFor(url, created.clientId, created.clientSecret)).status).toBe(401);
    await accessTokenFor(url, rotated.clientId, rotated.clientSecret);

    await row.getByRole('button', { name: 'Revoke Billing sync' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke API client' });
    expect(await confirm.textContent()).toContain('Billing sync');
    await confirm.getByTestId('confirm-revoke').click();
    await expect.poll(() => row.getByTestId('api-client-status').textContent(), eventually).toBe('revoked');
    expect((await withToken(url, token, 'GET', 'api/v1/connectors')).status).toBe(401);
    expect((await tokenFor(url, rotated.clientId, rotated.clientSecret)).status).toBe(401);

    await postApi(url, 'api/v1/api-clients', { name: 'Lab results feed', scopes: ['svc:interop:operate', 'system/Observation.cruds', 'system/Patient.rs'], rateLimitPerMinute: 300 });
    await page.reload();
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.locator('[data-testid="api-client-row"][data-client-name="Lab results feed"]').waitFor();
    await row.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    for (const text of [created.clientSecret, rotated.clientSecret, ONCE]) expect(await placesHolding(page, text)).toEqual([]);
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), eventually).toBe(0);
    expect((await seriousViolations(page)).join('\n')).toBe('');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.mouse.move(0, 0);
      await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'api-clients.png'));
    }
    await context.close();
  });
});
