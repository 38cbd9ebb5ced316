import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, OutboundDestination, OutboundItem } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

describe('the lane drainer', () => {
  let engine: TempEngine;
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, { tenantId: engine.tenantId, actor: 'test' });
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };

  beforeAll(async () => {
    engine = await startTempEngine({ converterModule: FAKE_CONVERTER, outboundRetryPolicy: { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 } });
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
  });

  it('keeps an item waiting, never dead, while its destination has no sender for its protocol', async () => {
    const inbound = await activeMllpConnector(engine);
    const webhook = await call<Connector>('connectors.create', { name: 'webhook peer', protocol: 'webhook', direction: 'outbound', host: '127.0.0.1', port: 9 });
    await call('connectors.activate', { id: webhook.id });
    await call('outboundRoutes.create', { name: 'to the webhook', sourceConnectorId: inbound.connector.id, destinationConnectorId: webhook.id });
    await sendOverMllp(inbound.port, ['MSH|^~\\&|APP|F|EHR|F|20260101120000||ADT^A08|W-1|P|2.5.1\rEVN|A08\rPID|1||MRN-W1||Doe^Ann\r']);
    const until = Date.now() + 20_000;
    let item: OutboundItem | undefined;
    while (Date.now() < until && item?.status !== 'dead' && (item?.attemptCount ?? 0) <= 4) {
      await new Promise((r) => setTimeout(r, 100));
      [item] = (await call<{ data: OutboundItem[] }>('outboundItems.list', { destinationConnectorId: webhook.id })).data;
    }
    expect(item).toMatchObject({ status: 'failed', lastErrorCode: 'OUTBOUND_NO_SENDER' });
    expect(item?.attemptCount).toBeGreaterThan(4);
    const lanes = await call<{ data: OutboundDestination[] }>('outbound.lanes', { destinationConnectorId: webhook.id });
    expect(lanes.data[0]).toMatchObject({ depth: 1, dead: 0, lastErrorCode: 'OUTBOUND_NO_SENDER' });
  });
});
