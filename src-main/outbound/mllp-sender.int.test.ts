import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, OutboundDestination, OutboundItem } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { startMllpReceiver, type MllpReceiver, type MllpReceiverOptions } from '../../test/support/mllp-receiver';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { makeTestPki } from '../../test/support/test-certificates';

const adt = (app: string, controlId: string) => `MSH|^~\\&|${app}|F|EHR|F|20260101120000||ADT^A08|${controlId}|P|2.5.1\rEVN|A08\rPID|1||MRN-${controlId}||Doe^Ann\r`;

describe('the MLLP sender delivers routed messages to a real peer', () => {
  let engine: TempEngine;
  let inboundPort: number;
  let inboundId: string;
  const receivers: MllpReceiver[] = [];
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const eventually = async <T,>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 20_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`${what}: ${JSON.stringify(value).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const itemsOf = (destinationConnectorId: string) => call<{ data: OutboundItem[] }>('outboundItems.list', { destinationConnectorId, pageSize: 200 }).then((p) => p.data.sort((a, b) => a.seq - b.seq));

  /** A peer, an outbound connector to it and a route taking the inbound messages whose MSH-3 is `app`. */
  async function destination(app: string, peer: MllpReceiverOptions, extra: Record<string, unknown> = {}): Promise<{ id: string; peer: MllpReceiver }> {
    const receiver = await startMllpReceiver(peer);
    receivers.push(receiver);
    const connector = await call<Connector>('connectors.create', { name: `peer ${app}`, protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: receiver.port, ...extra });
    await call('connectors.activate', { id: connector.id });
    await call('outboundRoutes.create', { name: `route ${app}`, sourceConnectorId: inboundId, destinationConnectorId: connector.id, filter: { condition: { path: 'MSH-3', op: 'equals', value: app } } });
    return { id: connector.id, peer: receiver };
  }

  beforeAll(async () => {
    engine = await startTempEngine({ converterModule: FAKE_CONVERTER, outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 4 } });
    const inbound = await activeMllpConnector(engine);
    inboundPort = inbound.port;
    inboundId = inbound.connector.id;
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    for (const r of receivers) await r.stop();
  });

  it('delivers on AA in order over one connection kept open between messages', async () => {
    const { id, peer } = await destination('OK', {});
    await sendOverMllp(inboundPort, ['OK-1', 'OK-2', 'OK-3'].map((c) => adt('OK', c)));
    const items = await eventually(() => itemsOf(id), (i) => i.length === 3 && i.every((x) => x.status === 'delivered'), 'items not delivered');
    expect(items.map((i) => [i.controlId, i.ackCode, i.attemptCount])).toEqual([['OK-1', 'AA', 1], ['OK-2', 'AA', 1], ['OK-3', 'AA', 1]]);
    expect(peer.received.map((m) => m.controlId)).toEqual(['OK-1', 'OK-2', 'OK-3']);
    expect(peer.received[0]?.text).toBe(adt('OK', 'OK-1'));
    expect(new Set(peer.received.map((m) => m.connection))).toEqual(new Set([1]));
  });

  it('retries after AE and delivers when the peer accepts, keeping each answer on its attempt', async () => {
    const { id } = await destination('AE', { answer: (_m, index) => (index === 0 ? 'AE' : 'AA') });
    await sendOverMllp(inboundPort, [adt('AE', 'AE-1')]);
    const [item] = await eventually(() => itemsOf(id), (i) => i[0]?.status === 'delivered', 'AE item not delivered');
    expect(item?.attempts.map((a) => [a.outcome, a.ackCode])).toEqual([['retry', 'AE'], ['delivered', 'AA']]);
    expect(item?.lastErrorCode).toBe('OUTBOUND_NEGATIVE_ACK');
  });

  it('dead-letters AE when the connector says so, and AR always, and the lane moves on to the next item', async () => {
    const policy = await destination('AEDEAD', { answer: (_m, index) => (index === 0 ? 'AE' : 'AA') }, { settings: { onApplicationError: 'dead-letter' } });
    const rejected = await destination('AR', { answer: (m) => (m.controlId === 'AR-1' ? 'AR' : 'AA') });
    await sendOverMllp(inboundPort, [adt('AEDEAD', 'AEDEAD-1'), adt('AR', 'AR-1'), adt('AR', 'AR-2')]);
    const [dead] = await eventually(() => itemsOf(policy.id), (i) => i[0]?.status === 'dead', 'AE item not dead');
    expect([dead?.ackCode, dead?.attemptCount]).toEqual(['AE', 1]);
    const items = await eventually(() => itemsOf(rejected.id), (i) => i.length === 2 && i[1]?.status === 'delivered', 'AR lane did not move on');
    expect(items.map((i) => [i.controlId, i.status, i.ackCode])).toEqual([['AR-1', 'dead', 'AR'], ['AR-2', 'delivered', 'AA']]);
    const [lanes] = (await call<{ data: OutboundDestination[] }>('outbound.lanes', { destinationConnectorId: rejected.id })).data;
    expect([lanes?.dead, lanes?.depth, lanes?.lastErrorCode]).toEqual([1, 0, 'OUTBOUND_NEGATIVE_ACK']);
  });

  it('dead-letters an item the peer keeps answering AE once the attempts are spent', async () => {
    const { id, peer } = await destination('AEALWAYS', { answer: () => 'AE' });
    await sendOverMllp(inboundPort, [adt('AEALWAYS', 'AEA-1')]);
    const [item] = await eventually(() => itemsOf(id), (i) => i[0]?.status === 'dead', 'AE item not dead');
    expect([item?.attemptCount, item?.ackCode, peer.received.length]).toEqual([4, 'AE', 4]);
  });

  it('holds a paused destination\'s items and sends them once it is resumed', async () => {
    const { id, peer } = await destination('PAUSED', {});
    await call('outbound.pause', { id });
    await sendOverMllp(inboundPort, [adt('PAUSED', 'P-1')]);
    await eventually(() => itemsOf(id), (i) => i.length === 1, 'item not queued');
    await new Promise((r) => setTimeout(r, 1000));
    expect(peer.received).toEqual([]);
    expect((await itemsOf(id))[0]?.status).toBe('pending');
    await call('outbound.resume', { id });
    await eventually(() => itemsOf(id), (i) => i[0]?.status === 'delivered', 'not sent after resume');
    expect(peer.received.map((m) => m.controlId)).toEqual(['P-1']);
  });

  it('gives up on a peer that stalls past the ACK timeout, reconnects and sends the same bytes again', async () => {
    const { id, peer } = await destination('STALL', { answer: (_m, index) => (index === 0 ? 'silent' : 'AA') }, { settings: { ackTimeoutSeconds: 1 } });
    await sendOverMllp(inboundPort, [adt('STALL', 'STALL-1')]);
    const [item] = await eventually(() => itemsOf(id), (i) => i[0]?.status === 'delivered', 'stalled item not delivered');
    expect(item?.attempts.map((a) => [a.outcome, a.errorCode])).toEqual([['offline', 'OUTBOUND_ACK_TIMEOUT'], ['delivered', null]]);
    expect(peer.received.map((m) => [m.controlId, m.connection])).toEqual([['STALL-1', 1], ['STALL-1', 2]]);
    expect(peer.received[1]?.text).toBe(peer.received[0]?.text);
  });

  it('does not take an ACK for another control id as delivery', async () => {
    const { id } = await destination('MISMATCH', { answer: (_m, index) => (index === 0 ? 'wrong-control-id' : 'AA') });
    await sendOverMllp(inboundPort, [adt('MISMATCH', 'MM-1')]);
    const [item] = await eventually(() => itemsOf(id), (i) => i[0]?.status === 'delivered', 'mismatched item not delivered');
    expect(item?.attempts.map((a) => [a.outcome, a.errorCode])).toEqual([['retry', 'OUTBOUND_ACK_MISMATCH'], ['delivered', null]]);
  });

  it('shows a peer that disappeared as offline, keeps the lane in order and drains it when the peer is back', async () => {
    const { id, peer } = await destination('GONE', {});
    await peer.stop();
    await sendOverMllp(inboundPort, ['GONE-1', 'GONE-2', 'GONE-3'].map((c) => adt('GONE', c)));
    const offline = await eventually(() => call<{ data: OutboundDestination[] }>('outbound.lanes', { destinationConnectorId: id }), (l) => l.data[0]?.state === 'offline' && l.data[0].depth === 3, 'not offline with all three processed');
    expect(offline.data[0]).toMatchObject({ depth: 3, lastErrorCode: 'OUTBOUND_CONNECT_FAILED' });
    expect(offline.data[0]?.since).not.toBeNull();
    const [head] = await itemsOf(id);
    expect(head?.attemptCount).toBeGreaterThan(0);
    await peer.start();
    await eventually(() => itemsOf(id), (i) => i.every((x) => x.status === 'delivered'), 'not drained after the peer came back');
    expect(peer.received.map((m) => m.controlId)).toEqual(['GONE-1', 'GONE-2', 'GONE-3']);
    const back = await call<{ data: OutboundDestination[] }>('outbound.lanes', { destinationConnectorId: id });
    expect(back.data[0]?.state).toBe('idle');
  });

  it('gives an item back its whole retry budget for answers after an outage: one AE from a peer that is back is retried, not dead', async () => {
    const { id, peer } = await destination('BACK', { answer: (_m, index) => (index === 0 ? 'AE' : 'AA') });
    await peer.stop();
    await sendOverMllp(inboundPort, [adt('BACK', 'BACK-1')]);
    await eventually(() => itemsOf(id), (i) => (i[0]?.attemptCount ?? 0) > 4, 'fewer unreachable attempts than the budget');
    await peer.start();
    const [item] = await eventually(() => itemsOf(id), (i) => i[0]?.status === 'delivered' || i[0]?.status === 'dead', 'not settled after the peer came back');
    expect(item?.status).toBe('delivered');
    expect(item?.attempts.slice(-2).map((a) => [a.outcome, a.ackCode])).toEqual([['retry', 'AE'], ['delivered', 'AA']]);
    expect(item?.attempts[0]?.outcome).toBe('offline');
  });

  it('sends over TLS with the connector\'s CA and client certificate', async () => {
    const pki = makeTestPki();
    const { id, peer } = await destination('TLS', { tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: true } }, {
      tlsEnabled: true,
      authMode: 'client-cert',
      authConfig: { caCertificate: pki.caCert, certificate: pki.clientCert, privateKey: pki.clientKey },
    });
    await sendOverMllp(inboundPort, [adt('TLS', 'TLS-1')]);
    await eventually(() => itemsOf(id), (i) => i[0]?.status === 'delivered', 'TLS item not delivered');
    expect(peer.received.map((m) => [m.controlId, m.clientCn])).toEqual([['TLS-1', 'lab-client']]);
  });
});
