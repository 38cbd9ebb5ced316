import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { screenshot } from '../support/console-browser';
import { freePort } from '../support/free-port';
import { REPO_ROOT } from '../support/headless-process';
import { activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';
import { startMllpReceiver, type MllpReceiver } from '../support/mllp-receiver';
import { callApi, eventually, eventuallyMapped, postApi, useConsoleSession } from './console-session';

/** The input labelled `label`, whether or not the label carries the required-field asterisk. */
const inputOf = (scope: Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${label}( \\*)?$`));

async function choose(page: Page, input: Locator, option: string): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

interface ItemView {
  status: string;
  attemptCount: number;
}

describe('outbound delivery in the console', () => {
  const session = useConsoleSession();
  let receiver: MllpReceiver | undefined;
  afterAll(async () => {
    await receiver?.stop();
  });

  it('routes an inbound connector to a peer that is down, shows it offline with the message waiting, and delivers it on Retry now once the peer is up', async () => {
    const { url } = session.engine;
    const peerPort = await freePort();
    const destinationName = 'EHR (results and ADT)';
    const destination = await postApi(url, 'api/v1/connectors', { name: destinationName, protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peerPort, settings: { ackTimeoutSeconds: 5 } });
    await postApi(url, `api/v1/connectors/${destination.id}/activate`, {});
    const sourceName = 'Ward ADT feed';
    const source = await activeMllpInbound(url, sourceName);

    const page = await session.open('connectors');
    await page.locator(`[data-testid="connector-row"][data-connector-name="${sourceName}"]`).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /^Edit connector/ });
    await dialog.getByRole('button', { name: 'Add route' }).click();
    const routeForm = dialog.getByTestId('route-form');
    // Keyboard focus lands in the new form: typing names the route.
    await routeForm.waitFor();
    await page.keyboard.type('ADT to the EHR');
    expect(await inputOf(routeForm, 'Route name').inputValue()).toBe('ADT to the EHR');
    await choose(page, inputOf(routeForm, 'Destination'), destinationName);
    await inputOf(routeForm, 'Message types').fill('ADT^*');
    await inputOf(routeForm, 'Message types').press('Enter');
    await routeForm.getByRole('button', { name: 'Save route' }).click();
    await dialog.locator('[data-testid="route-row"][data-route-name="ADT to the EHR"]').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(`[data-testid="connector-row"][data-connector-name="${sourceName}"]`).getByTestId('connector-destinations').textContent(), eventually).toBe(`→ ${destinationName}`);

    await sendOverMllp(source.port, [corpusMessage('msfc_ADT-A01-01.hl7')]);

    const shown = await session.browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    const outbound = await shown.newPage();
    await outbound.goto(`${url}#/outbound`);
    await outbound.locator('[data-app-state="ready"]').waitFor();
    const row = outbound.locator(`[data-testid="destination-row"][data-destination-name="${destinationName}"]`);
    await expect.poll(() => row.getByTestId('destination-state').getAttribute('data-state'), eventuallyMapped).toBe('offline');
    expect(await row.getByTestId('destination-depth').textContent()).toBe('1');
    expect(await row.getByTestId('destination-error').textContent()).toMatch(/^[A-Z_]+: /);

    await row.getByRole('button', { name: `Show items of ${destinationName}` }).click();
    const item = outbound.getByTestId('item-row');
    await item.waitFor();
    await item.getByRole('button', { name: /^Show attempts/ }).click();
    await outbound.getByTestId('item-attempt').first().waitFor();
    expect(await item.getByRole('button', { name: /^Requeue/ }).isDisabled()).toBe(true);
    expect((await seriousViolations(outbound)).join('\n')).toBe('');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await outbound.mouse.move(0, 0);
      await screenshot(outbound, join(REPO_ROOT, 'docs', 'screenshots', 'outbound.png'));
    }

    // The peer comes back; Retry now sends at once rather than at the backed-off next attempt (after four
    // failed attempts the next automatic one is ~8 s away, so the click is what delivers it).
    const items = () => callApi<{ data: (ItemView & { id: string })[] }>(url, 'GET', `api/v1/outbound/items?destinationConnectorId=${destination.id}`);
    await expect.poll(async () => (await items()).data[0]?.attemptCount ?? 0, eventually).toBeGreaterThanOrEqual(4);
    receiver = await startMllpReceiver({}, peerPort);
    await item.getByRole('button', { name: /^Retry now/ }).click();
    await expect.poll(() => item.getAttribute('data-status'), eventually).toBe('delivered');
    expect(await item.getByTestId('item-ack').textContent()).toBe('AA');
    await expect.poll(() => row.getByTestId('destination-depth').textContent(), eventually).toBe('0');
    expect(receiver.received).toHaveLength(1);

    const { data: messages } = await callApi<{ data: { id: string }[] }>(url, 'GET', 'api/v1/hl7-messages');
    await outbound.goto(`${url}#/messages/${messages[0]?.id}`);
    const detail = outbound.getByTestId('message-detail');
    await detail.getByRole('tab', { name: 'Delivery' }).click();
    const delivery = detail.getByTestId('delivery-item');
    await delivery.waitFor();
    expect(await delivery.getAttribute('data-status')).toBe('delivered');
    expect(await delivery.getByTestId('delivery-ack').textContent()).toBe('AA');
    expect(await delivery.textContent()).toContain(destinationName);
    await shown.close();
    await page.close();
  }, 120_000);

  it('creates a webhook subscription through the form and lists it with its event types and a stored secret', async () => {
    const page = await session.open('outbound?tab=subscriptions');
    await page.getByRole('button', { name: 'New subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'New subscription' });
    await inputOf(dialog, 'Name').fill('Results to the portal');
    await choose(page, inputOf(dialog, 'Event types'), 'Hl7MessageProcessed');
    await inputOf(dialog, 'URL').fill('https://portal.example.org/hooks/interop');
    await inputOf(dialog, 'Secret').fill('a-shared-secret-of-enough-length');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="subscription-row"][data-subscription-name="Results to the portal"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Hl7MessageProcessed');
    expect(await row.getByTestId('subscription-status').textContent()).toBe('active');
    expect(await row.textContent()).toContain('stored');
    await page.close();
  });
});
