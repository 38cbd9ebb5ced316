import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Connector, HealthCheck } from '../../src-shared';
import { freePort } from '../../test/support/free-port';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { startMllpReceiver, type MllpReceiver } from '../../test/support/mllp-receiver';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const ctx = { tenantId: 'TEN_DEFAULT', actor: 'test' };

/** A connector is first due one interval (60 s) after its activation: every check in these tests is a `connectors.test`. */
const NO_SCHEDULE = {};

async function call<T>(engine: TempEngine, name: string, input: unknown): Promise<T> {
  const result = await engine.dispatcher.dispatch(name as never, input, { ...ctx, tenantId: engine.tenantId });
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const alertsOf = async (engine: TempEngine, connectorId: string, type?: string): Promise<Alert[]> => (await call<{ data: Alert[] }>(engine, 'alerts.list', { connectorId, ...(type ? { type } : {}) })).data;
const test = (engine: TempEngine, id: string): Promise<HealthCheck> => call<HealthCheck>(engine, 'connectors.test', { id });
const eventsOf = (engine: TempEngine, type: string): { aggregate_id: string; payload: string }[] =>
  engine.store.sqlite.prepare(`SELECT aggregate_id, payload FROM outbox_events WHERE type = ? ORDER BY seq`).all(type) as { aggregate_id: string; payload: string }[];

describe('alerts from health checks', () => {
  let engine: TempEngine | undefined;
  let peer: MllpReceiver | undefined;
  afterEach(async () => {
    await peer?.stop();
    await engine?.dispose();
    engine = undefined;
    peer = undefined;
  });

  it('raises exactly one connection_failed alert after three failed checks of a stopped MLLP peer, and resolves it once when the peer returns', async () => {
    engine = await startTempEngine(NO_SCHEDULE);
    peer = await startMllpReceiver();
    const created = await call<Connector>(engine, 'connectors.create', { name: 'Lab out', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port, settings: { monitoring: { alertThresholds: { consecutiveFailures: 3 } } } });
    await call(engine, 'connectors.activate', { id: created.id });
    expect(await test(engine, created.id)).toMatchObject({ status: 'healthy', consecutiveFailures: 0, latencyMs: expect.any(Number) });

    await peer.stop();
    const first = await test(engine, created.id);
    expect(first).toMatchObject({ status: 'unhealthy', consecutiveFailures: 1, reasonCode: 'MONITOR_CONNECT_FAILED' });
    await test(engine, created.id);
    expect(await alertsOf(engine, created.id)).toEqual([]);
    await test(engine, created.id);
    await test(engine, created.id);
    await test(engine, created.id);

    const raised = await alertsOf(engine, created.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ type: 'connection_failed', severity: 'error', status: 'open', connectorId: created.id, count: 3 });

    await peer.start();
    expect(await test(engine, created.id)).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
    await test(engine, created.id);
    const after = await alertsOf(engine, created.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: 'resolved', resolution: 'auto', recoveryMessage: 'the connection works again' });
    expect(eventsOf(engine, 'AlertRaised').map((e) => e.aggregate_id)).toEqual([raised[0]?.id]);
    expect(eventsOf(engine, 'AlertResolved').map((e) => e.aggregate_id)).toEqual([raised[0]?.id]);
    expect(JSON.parse(eventsOf(engine, 'AlertRaised')[0]?.payload ?? '{}')).toMatchObject({ alertType: 'connection_failed', connectorId: created.id });

    const checks = await call<{ data: HealthCheck[]; total: number }>(engine, 'connectors.healthChecks', { id: created.id });
    expect(checks.total).toBe(8);
    expect(checks.data[0]).toMatchObject({ status: 'healthy', availability: expect.any(Number), lastFailureAt: expect.any(String) });
  });

  it('raises one feed_quiet alert when an inbound feed goes past its cadence and resolves it when a message arrives', async () => {
    let now = Date.parse('2026-03-11T09:00:00Z');
    engine = await startTempEngine({ ...NO_SCHEDULE, clock: { now: () => now } });
    const { connector, port } = await activeMllpConnector(engine, { monitoring: { expectedCadence: { everyMinutes: 30 }, healthCheckIntervalSeconds: 86_400 } });
    expect(await test(engine, connector.id)).toMatchObject({ status: 'healthy' });

    now += 31 * 60_000;
    expect(await test(engine, connector.id)).toMatchObject({ status: 'degraded', reasonCode: 'MONITOR_FEED_QUIET' });
    now += 60_000;
    await test(engine, connector.id);
    const quiet = await alertsOf(engine, connector.id, 'feed_quiet');
    expect(quiet).toHaveLength(1);
    expect(quiet[0]).toMatchObject({ severity: 'warning', status: 'open', count: 2 });

    await sendOverMllp(port, ['MSH|^~\\&|LIS|LAB|EHR|MAIN|20260311090000||ADT^A01|Q1|P|2.5.1\rPID|1||123^^^MRN||Doe^Jane\r']);
    await expect.poll(async () => (await test(engine as TempEngine, connector.id), (await alertsOf(engine as TempEngine, connector.id, 'feed_quiet'))[0]?.status), { timeout: 10_000 }).toBe('resolved');
    expect(await alertsOf(engine, connector.id, 'feed_quiet')).toHaveLength(1);
  });

  it('raises one high_error_rate alert for a burst of 30 rejected messages, not one per message', async () => {
    engine = await startTempEngine(NO_SCHEDULE);
    const { connector, port } = await activeMllpConnector(engine);
    await sendOverMllp(port, Array.from({ length: 30 }, (_, i) => `not an HL7 message ${i}`));
    await expect.poll(async () => (await test(engine as TempEngine, connector.id), (await alertsOf(engine as TempEngine, connector.id, 'high_error_rate')).length), { timeout: 10_000 }).toBe(1);
    await test(engine, connector.id);
    const alerts = await alertsOf(engine, connector.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: 'high_error_rate', severity: 'critical', status: 'open', message: expect.stringMatching(/^30 of 30 \(100 %\) failed/) });
    expect(eventsOf(engine, 'AlertRaised')).toHaveLength(1);
  });

  it('keeps an acknowledged alert as the one alert of its condition, and raises none while a manually resolved condition lasts', async () => {
    engine = await startTempEngine(NO_SCHEDULE);
    peer = await startMllpReceiver();
    const created = await call<Connector>(engine, 'connectors.create', { name: 'RIS out', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port, settings: { monitoring: { alertThresholds: { consecutiveFailures: 1 } } } });
    await call(engine, 'connectors.activate', { id: created.id });
    await peer.stop();
    await test(engine, created.id);
    const [alert] = await alertsOf(engine, created.id);
    expect(await call(engine, 'alerts.acknowledge', { id: alert?.id })).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'test' });
    await test(engine, created.id);
    expect(await alertsOf(engine, created.id)).toEqual([expect.objectContaining({ id: alert?.id, status: 'acknowledged', count: 2 })]);

    expect(await call(engine, 'alerts.resolve', { id: alert?.id })).toMatchObject({ status: 'resolved', resolution: 'manual' });
    expect(await engine.dispatcher.dispatch('alerts.acknowledge', { id: alert?.id }, ctx)).toMatchObject({ ok: false, status: 409, error: { code: 'INTEROP_ALERT_RESOLVED' } });
    await test(engine, created.id);
    expect(await alertsOf(engine, created.id)).toHaveLength(1);

    await peer.start();
    await test(engine, created.id);
    await peer.stop();
    await test(engine, created.id);
    const again = await alertsOf(engine, created.id);
    expect(again).toHaveLength(2);
    expect(again[0]).toMatchObject({ status: 'open', count: 1 });
  });

  it('raises sync_failed when a sync job’s run fails, once however often it is judged', async () => {
    engine = await startTempEngine();
    const closed = await freePort();
    const job = await call<{ id: string }>(engine, 'integrationJobs.create', { name: 'HIE pull', kind: 'fhir-pull-sync', schedule: null, config: { serverUrl: `http://127.0.0.1:${closed}/fhir`, resourceTypes: ['Patient'] } });
    for (let run = 0; run < 2; run++) {
      const queued = await call<{ id: string }>(engine, 'integrationJobs.run', { id: job.id });
      await expect.poll(async () => (await call<{ status: string }>(engine as TempEngine, 'integrationRuns.get', { id: queued.id })).status, { timeout: 10_000 }).toBe('failed');
    }
    await expect.poll(async () => (await call<{ data: Alert[] }>(engine as TempEngine, 'alerts.list', { type: 'sync_failed' })).data, { timeout: 5_000 }).toEqual([expect.objectContaining({ severity: 'error', status: 'open', dedupeKey: `sync_failed:${job.id}`, connectorId: null })]);
  });

  it('hands AlertRaised to an event subscription that takes it', async () => {
    engine = await startTempEngine();
    peer = await startMllpReceiver();
    const sub = await call<{ id: string }>(engine, 'eventSubscriptions.create', { name: 'Pager', eventTypes: ['AlertRaised', 'AlertResolved'], url: 'http://127.0.0.1:9/alerts', secret: 'a-secret-of-16-chars-or-more', status: 'paused' });
    const created = await call<Connector>(engine, 'connectors.create', { name: 'PACS out', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port, settings: { monitoring: { alertThresholds: { consecutiveFailures: 1 } } } });
    await call(engine, 'connectors.activate', { id: created.id });
    await peer.stop();
    await test(engine, created.id);
    const deliveries = () => engine?.store.sqlite.prepare(`SELECT count(*) AS n FROM event_deliveries WHERE subscription_id = ?`).get(sub.id) as { n: number };
    await expect.poll(() => deliveries().n, { timeout: 5_000 }).toBe(1);
  });

  it('resolves the open alerts of a connector once it is deactivated: nobody watches it any more', async () => {
    engine = await startTempEngine();
    const closed = await freePort();
    const created = await call<Connector>(engine, 'connectors.create', { name: 'Old out', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: closed, settings: { monitoring: { alertThresholds: { consecutiveFailures: 1 } } } });
    await call(engine, 'connectors.activate', { id: created.id });
    await test(engine, created.id);
    expect(await alertsOf(engine, created.id)).toEqual([expect.objectContaining({ status: 'open' })]);
    await call(engine, 'connectors.deactivate', { id: created.id });
    await expect.poll(async () => (await alertsOf(engine as TempEngine, created.id))[0], { timeout: 5_000 }).toMatchObject({ status: 'resolved', resolution: 'auto', recoveryMessage: 'the connector is no longer active' });
  });

  it('answers 404 for an alert that does not exist', async () => {
    engine = await startTempEngine(NO_SCHEDULE);
    const missing = await engine.dispatcher.dispatch('alerts.get', { id: 'ALRT_01HZZZZZZZZZZZZZZZZZZZZZZZ' }, ctx);
    expect(missing).toMatchObject({ ok: false, status: 404, error: { code: 'INTEROP_ALERT_NOT_FOUND' } });
  });

  it('checks each active connector on the runner when its interval is due', async () => {
    engine = await startTempEngine({ monitoring: { intervalMs: 20 } });
    const { connector } = await activeMllpConnector(engine, { monitoring: { healthCheckIntervalSeconds: 5 } });
    await expect.poll(async () => (await call<{ total: number; data: HealthCheck[] }>(engine as TempEngine, 'connectors.healthChecks', { id: connector.id })).data[0], { timeout: 9_000, interval: 250 }).toMatchObject({ status: 'healthy', detail: 'listening, 0 connections open' });
  });
});
