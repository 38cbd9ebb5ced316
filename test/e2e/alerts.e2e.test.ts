import { join } from 'node:path';
import { screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { startMllpReceiver } from '../support/mllp-receiver';
import { eventually, postApi, useConsoleSession } from './console-session';

describe('alerts in the console', () => {
  const session = useConsoleSession();

  it('shows a connection_failed alert for a stopped peer, acknowledges it, then resolves it, and tests a connector from its form', async () => {
    const { url } = session.engine;
    const peer = await startMllpReceiver();
    const { id } = await postApi(url, 'api/v1/connectors', { name: 'Radiology out', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port, settings: { monitoring: { alertThresholds: { consecutiveFailures: 1 } } } });
    await postApi(url, `api/v1/connectors/${id}/activate`, {});
    await peer.stop();
    expect(await postApi(url, `api/v1/connectors/${id}/test`, {})).toMatchObject({ status: 'unhealthy' });

    const context = await session.browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}#/alerts`);
    await page.locator('[data-app-state="ready"]').waitFor();
    const table = page.getByTestId('alerts-table');
    // The status tabs are a segmented control: its visible part is each radio's label.
    const statusTab = (value: string) => page.locator(`label[for$="-${value}"]`);
    await table.getByText('Connection failed').waitFor(eventually);
    expect(await table.getByText('Radiology out').count()).toBe(1);
    expect((await seriousViolations(page)).join('\n')).toBe('');
    if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'alerts.png'));

    await table.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByTestId('alerts-empty').waitFor(eventually);
    await statusTab('acknowledged').click();
    await table.getByText('Connection failed').waitFor(eventually);
    expect(await table.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await table.getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('alerts-empty').waitFor(eventually);
    await statusTab('resolved').click();
    await table.getByText('resolved (by an operator)').waitFor(eventually);

    await peer.start();
    await page.goto(`${url}#/connectors`);
    await page.getByTestId('connectors-table').waitFor();
    await page.getByRole('button', { name: 'Edit' }).first().click();
    const dialog = page.getByRole('dialog', { name: /^Edit connector/ });
    await dialog.getByRole('button', { name: 'Monitoring' }).click();
    expect(await dialog.getByLabel('Failed checks in a row').inputValue()).toBe('1');
    await dialog.getByRole('button', { name: 'Test now' }).click();
    await expect.poll(() => dialog.getByTestId('connector-test-result').textContent(), eventually).toMatch(/^healthy/);
    expect((await seriousViolations(page)).join('\n')).toBe('');
    await context.close();
    await peer.stop();
  });
});
