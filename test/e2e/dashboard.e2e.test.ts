import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src-shared';
import { seriousViolations } from '../support/axe';
import { screenshot } from '../support/console-browser';
import { freePort } from '../support/free-port';
import { REPO_ROOT } from '../support/headless-process';
import { activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';
import { startMllpReceiver, type MllpReceiver } from '../support/mllp-receiver';
import { callApi, eventually, eventuallyMapped, postApi, useConsoleSession } from './console-session';

describe('the dashboard', () => {
  const session = useConsoleSession();
  let receiver: MllpReceiver | undefined;
  afterAll(async () => {
    await receiver?.stop();
  });

  it('is the home screen, and its tile shows an outbound connector going down when its peer stops answering and up again when the peer is back', async () => {
    const { url } = session.engine;
    const peerPort = await freePort();
    const destinationName = 'EHR results feed';
    const destination = await postApi(url, 'api/v1/connectors', { name: destinationName, protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peerPort, settings: { ackTimeoutSeconds: 5 } });
    await postApi(url, `api/v1/connectors/${destination.id}/activate`, {});
    const source = await activeMllpInbound(url, 'Lab ADT feed');
    await postApi(url, 'api/v1/outbound-routes', { name: 'ADT to the EHR', sourceConnectorId: source.id, destinationConnectorId: destination.id, filter: { messageTypes: ['ADT^*'] } });

    // axe is injected as a script of its own, which the console's CSP would refuse.
    const context = await session.browser.newContext({ viewport: { width: 1360, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/dashboard');
    const tile = (name: string): Locator => page.locator(`[data-testid="connector-tile"][data-connector-name="${name}"]`);
    await expect.poll(() => tile('Lab ADT feed').getAttribute('data-health'), eventually).toBe('healthy');
    expect(await tile(destinationName).getAttribute('data-health')).toBe('unknown');
    // Named as the Connectors page names them.
    expect(await tile(destinationName).getByTestId('tile-kind').textContent()).toBe('MLLP · Outbound');

    // Down: the peer is not there, so the routed message waits and the destination is unreachable.
    await sendOverMllp(source.port, [corpusMessage('msfc_ADT-A01-01.hl7')]);
    await expect.poll(() => tile(destinationName).getAttribute('data-health'), eventuallyMapped).toBe('unhealthy');
    expect(await tile(destinationName).getByTestId('tile-health').textContent()).toBe('unhealthy');
    expect(await tile(destinationName).getByTestId('tile-queue').textContent()).toBe('1');
    expect(await tile(destinationName).getByTestId('tile-health-reason').textContent()).toContain('cannot be reached');

    // Up: the peer is back; Retry now sends at once rather than at the backed-off next attempt.
    receiver = await startMllpReceiver({}, peerPort);
    const items = await callApi<{ data: { id: string }[] }>(url, 'GET', `api/v1/outbound/items?destinationConnectorId=${destination.id}`);
    await postApi(url, `api/v1/outbound/items/${items.data[0]?.id}/retry-now`, {});
    await expect.poll(() => tile(destinationName).getAttribute('data-health'), eventually).toBe('healthy');
    await expect.poll(() => tile(destinationName).getByTestId('tile-queue').textContent(), eventually).toBe('0');
    expect(receiver.received).toHaveLength(1);
    expect(await page.getByTestId('open-alert-counts').textContent()).toBe('none');
    expect((await seriousViolations(page)).join('\n')).toBe('');

    if (process.env.UPDATE_SCREENSHOTS === '1') {
      // Counts reach the tiles and charts with the minute's flush.
      await expect.poll(async () => (await callApi<Dashboard>(url, 'GET', 'api/v1/monitoring/dashboard')).connectors.find((c) => c.id === destination.id)?.rates.lastHour.sent ?? 0, { timeout: 75_000, interval: 2_000 }).toBe(1);
      await page.reload();
      await page.locator('[data-testid="connector-tile"]').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.mouse.move(0, 0);
      await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'dashboard.png'));
    }
    await context.close();
  }, 150_000);
});
