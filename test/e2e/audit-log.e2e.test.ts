import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { screenshot } from '../support/console-browser';
import { freePort } from '../support/free-port';
import { REPO_ROOT } from '../support/headless-process';
import { eventually, postApi, useConsoleSession } from './console-session';

/** The input labelled `label`, whether or not the label carries the required-field asterisk. */
const inputOf = (scope: Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${label}( \\*)?$`));

describe('the audit log in the console', () => {
  const session = useConsoleSession();

  it('shows a connector edited in the console with its actor, action and target, filters by action, and exports the row as CSV', async () => {
    const { url } = session.engine;
    const name = 'Audited lab feed';
    const { id } = await postApi(url, 'api/v1/connectors', { name, protocol: 'mllp', direction: 'inbound', port: await freePort() });

    // axe is injected as a script: the context bypasses the console's CSP for it.
    const context = await session.browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}#/connectors`);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.locator(`[data-testid="connector-row"][data-connector-name="${name}"]`).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit connector · ${name}` });
    await inputOf(dialog, 'Facility ID').fill('AUDITED');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByTestId('audit-table');
    const request = table.locator('[data-testid="audit-row"][data-kind="request"]', { hasText: 'connectors.update' });
    await request.first().waitFor(eventually);
    const text = (await request.first().textContent()) ?? '';
    expect(text).toContain(id);
    expect(text).toMatch(/local:127\.0\.0\.1/);
    expect(text).toContain('local');
    // The console's form sends every field, so the request names them all.
    expect(text).toMatch(/fields: [^;]*facilityId/);
    expect(text).toContain('ok');
    // The service's own record of the committed change sits beneath the request.
    await table.locator('[data-testid="audit-row"][data-kind="change"]', { hasText: id }).first().waitFor(eventually);
    expect((await seriousViolations(page)).join('\n')).toBe('');
    if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'audit-log.png'));

    await page.getByLabel('Action').fill('connectors.create');
    await expect.poll(() => page.url(), eventually).toContain('action=connectors.create');
    await expect.poll(() => table.locator('[data-testid="audit-row"]', { hasText: 'connectors.update' }).count(), eventually).toBe(0);
    // While the filtered page loads the table can be empty: wait for the created rows to arrive.
    await expect.poll(() => table.locator('[data-testid="audit-row"]', { hasText: 'connectors.create' }).count(), eventually).toBeGreaterThan(0);

    await page.getByLabel('Action').fill('connectors.update');
    await expect.poll(() => page.url(), eventually).toContain('action=connectors.update');
    await expect.poll(() => table.locator('[data-testid="audit-row"]', { hasText: 'connectors.create' }).count(), eventually).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('audit-events.csv');
    const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toContain('action');
    const row = lines.find((line) => line.includes('connectors.update'));
    expect(row).toContain(id);
    expect(row).toContain('local:127.0.0.1');
    expect(lines.some((line) => line.includes('connectors.create'))).toBe(false);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent(), eventually).toMatch(/Chain intact/);
    await context.close();
  });
});
