import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, ipcTransport, type TestTransport } from '../../test/support/api-transports';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';
import { ackCodeOf, activeMllpInbound, corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startMllpReceiver, type MllpReceiver } from '../../test/support/mllp-receiver';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { Dashboard, MetricsSeries } from '../../src-shared';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ACCEPTED = ['msfc_ADT-A01-01.hl7', 'msfc_ADT-A02-01.hl7', 'msfc_ADT-A03-01.hl7', 'msfc_ADT-A04-01.hl7', 'msfc_ADT-A08-01.hl7'].map(corpusMessage);
/** Refused at intake: no MSH at all. */
const REJECTED = ['malformed/cdcdex_PID_only_no_MSH.hl7', 'malformed/cdcdex_Hepatitis_TC02_truncated_MSH.hl7'].map(corpusMessage);

describe('monitoring API over real MLLP traffic', () => {
  let engine: TempEngine;
  let api: TestTransport;
  let connectorId: string;
  let destinationId: string;
  let receiver: MllpReceiver;

  beforeAll(async () => {
    engine = await startTempEngine({ converterModule: FAKE_CONVERTER });
    api = httpTransport(engine.url as string);
    receiver = await startMllpReceiver();
    const inbound = await activeMllpInbound(engine.url as string, 'Metrics feed');
    connectorId = inbound.id;
    const destination = (await api.call('connectors.create', { name: 'Metrics peer', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: receiver.port })).body as { id: string };
    destinationId = destination.id;
    await api.call('connectors.activate', { id: destinationId });
    await api.call('outboundRoutes.create', { name: 'All to the peer', sourceConnectorId: connectorId, destinationConnectorId: destinationId });
    const acks = await sendOverMllp(inbound.port, [...ACCEPTED, ...REJECTED]);
    expect(acks.map(ackCodeOf)).toEqual([...ACCEPTED.map(() => 'AA'), ...REJECTED.map(() => 'AR')]);
    await waitFor('every accepted message processed', async () => {
      const page = (await api.call('hl7Messages.list', { connectorId, status: 'processed', pageSize: 1 })).body as { total: number };
      return page.total === ACCEPTED.length;
    });
    await waitFor('every processed message delivered to the peer', async () => receiver.received.length === ACCEPTED.length);
    await waitFor('the last delivery recorded', async () => {
      const items = (await api.call('outboundItems.list', { destinationConnectorId: destinationId })).body as { data: { status: string }[] };
      return items.data.length === ACCEPTED.length && items.data.every((i) => i.status === 'delivered');
    });
    engine.flushMetrics();
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    await receiver.stop();
  });

  it('shows the connector on the dashboard with what it received, rejected and processed, its ACK latency and its health', async () => {
    const answer = await api.call('monitoring.dashboard', {});
    expect(answer.status).toBe(200);
    const tile = (answer.body as Dashboard).connectors.find((c) => c.id === connectorId);
    expect(tile).toMatchObject({
      name: 'Metrics feed',
      protocol: 'mllp',
      direction: 'inbound',
      status: 'active',
      health: 'healthy',
      rates: { lastHour: { received: ACCEPTED.length + REJECTED.length, processed: ACCEPTED.length, failed: 0, sent: 0 } },
      queueDepth: 0,
      openAlerts: { info: 0, warning: 0, error: 0, critical: 0 },
    });
    expect(tile?.ackLatencyMs.p50).toBeGreaterThan(0);
    expect(tile?.ackLatencyMs.p99).toBeGreaterThanOrEqual(tile?.ackLatencyMs.p50 ?? Infinity);
    expect(tile?.throughput).toHaveLength(60);
    expect(tile?.throughput.reduce((a, b) => a + b, 0)).toBe(ACCEPTED.length + REJECTED.length);
    expect(Date.parse(tile?.lastMessageAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('shows the outbound connector with what it delivered, an empty queue and its last delivery', async () => {
    const dashboard = (await api.call('monitoring.dashboard', {})).body as Dashboard;
    const peer = dashboard.connectors.find((c) => c.id === destinationId);
    expect(peer).toMatchObject({ direction: 'outbound', health: 'healthy', rates: { lastHour: { received: 0, sent: ACCEPTED.length } }, outboundDepth: 0 });
    expect(Date.parse(peer?.lastMessageAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const series = (await api.call('monitoring.metrics', { connectorId: destinationId, from: new Date(Date.now() - 3_600_000).toISOString() })).body as MetricsSeries;
    expect([series.points.reduce((n, p) => n + p.sent, 0), series.points.reduce((n, p) => n + p.sendFailed, 0)]).toEqual([ACCEPTED.length, 0]);
  });

  it('charts the same counts per minute and per hour, accepted and rejected apart', async () => {
    const from = new Date(Date.now() - 60 * 60_000).toISOString();
    const sum = (series: MetricsSeries, field: 'received' | 'accepted' | 'rejected' | 'processed') => series.points.reduce((n, p) => n + p[field], 0);
    for (const step of ['minute', 'hour'] as const) {
      const answer = await api.call('monitoring.metrics', { connectorId, from, step });
      expect(answer.status).toBe(200);
      const series = answer.body as MetricsSeries;
      expect(series.step).toBe(step);
      expect([sum(series, 'received'), sum(series, 'accepted'), sum(series, 'rejected'), sum(series, 'processed')]).toEqual([ACCEPTED.length + REJECTED.length, ACCEPTED.length, REJECTED.length, ACCEPTED.length]);
      const latest = series.points.find((p) => p.ackP50Ms !== null);
      expect(latest?.ackP50Ms).toBeGreaterThan(0);
      expect(latest?.ackP99Ms).toBeGreaterThanOrEqual(latest?.ackP50Ms ?? Infinity);
    }
    const auto = (await api.call('monitoring.metrics', { from })).body as MetricsSeries;
    expect(auto).toMatchObject({ connectorId: null, step: 'minute' });
    expect(auto.points).toHaveLength(61);
    expect(sum(auto, 'received')).toBe(ACCEPTED.length + REJECTED.length);
  });

  it('keeps counts a stop flushes: what was counted after the last flush is written when the engine stops', async () => {
    const own = await startTempEngine({ converterModule: FAKE_CONVERTER });
    const inbound = await activeMllpInbound(own.url as string, 'Stopping feed');
    await sendOverMllp(inbound.port, ACCEPTED.slice(0, 2));
    await own.stop();
    const restarted = await startTempEngine({ dataDir: own.dataDir, converterModule: FAKE_CONVERTER });
    try {
      const series = (await httpTransport(restarted.url as string).call('monitoring.metrics', { connectorId: inbound.id, from: new Date(Date.now() - 10 * 60_000).toISOString() })).body as MetricsSeries;
      expect(series.points.reduce((n, p) => n + p.accepted, 0)).toBe(2);
    } finally {
      await restarted.dispose();
      await own.dispose();
    }
  }, 60_000);
});

describe.each([
  { name: 'http', make: (engine: TempEngine) => httpTransport(engine.url as string) },
  { name: 'ipc', make: (engine: TempEngine) => ipcTransport(engine) },
])('monitoring.metrics refuses bad ranges over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
  });
  afterAll(() => engine.dispose());

  it('answers 422 with the field for a range that ends before it starts, is too long for its step or starts in the future', async () => {
    const now = Date.now();
    const iso = (at: number) => new Date(at).toISOString();
    const cases = [
      { input: { from: iso(now), to: iso(now - 60_000) }, field: 'to' },
      { input: { from: iso(now - 8 * 24 * 3_600_000), to: iso(now), step: 'minute' }, field: 'from' },
      { input: { from: iso(now - 400 * 24 * 3_600_000), to: iso(now) }, field: 'from' },
      { input: { from: iso(now + 3_600_000) }, field: 'to' },
      { input: { from: 'yesterday' }, field: 'from' },
    ];
    for (const { input, field } of cases) {
      const answer = await api.call('monitoring.metrics', input);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ error: { code: 'INTEROP_VALIDATION_FAILED', details: { fields: { [field]: expect.any(Array) } } } });
    }
  });

  it('answers 404 for a connector that does not exist', async () => {
    const answer = await api.call('monitoring.metrics', { connectorId: 'CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV', from: new Date(Date.now() - 60_000).toISOString() });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'INTEROP_CONNECTOR_NOT_FOUND' } });
  });
});
