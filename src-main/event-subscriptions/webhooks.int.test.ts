import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDelivery } from '../../src-shared';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { WebhookReceiver, type Answer, type ReceivedRequest } from '../../test/support/webhook-receiver';
import { activeMllpInbound, sendOverMllp } from '../../test/support/mllp-feed';
import { bootstrap, type EngineConfig } from '../bootstrap';
import { createLogger } from '../core/logger';

const SECRET = 'whsec-only-the-receiver-knows-4f9a';
const logLines: string[] = [];
let seq = 0;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('event subscriptions deliver signed webhooks', () => {
  let engine: TempEngine;
  let api: TestTransport;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    engine = await startTempEngine({
      logger: createLogger('debug', (line) => logLines.push(line)),
      webhooks: { timeoutMs: 400, retryPolicy: { maxAttempts: 8, baseDelayMs: 100, factor: 2, maxDelayMs: 300, jitter: 0.2 } },
    });
    api = httpTransport(engine.url as string);
    // Attempts are timed here (a 400 ms timeout): the start's FHIR definitions load, in slices on the event loop, is done first.
    await engine.warm;
  });
  afterAll(async () => {
    await engine.dispose();
    await Promise.all(receivers.map((r) => r.stop()));
  });

  async function receiver(answer?: (request: ReceivedRequest, seen: number) => Answer): Promise<WebhookReceiver> {
    const r = new WebhookReceiver(SECRET, answer);
    await r.start();
    receivers.push(r);
    return r;
  }

  async function subscribe(url: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const answer = await api.call('eventSubscriptions.create', { name: `Hook ${++seq}`, eventTypes: ['ConnectorActivated', 'ConnectorDeactivated'], url, secret: SECRET, ...overrides });
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  }

  /** An outbound connector toggled `times` times: one ConnectorActivated or ConnectorDeactivated event each. */
  async function connectorEvents(times: number): Promise<string> {
    const created = await api.call('connectors.create', { name: `Out ${++seq}`, protocol: 'fhir-rest', direction: 'outbound', host: 'fhir.example.org', port: 10_000 + seq });
    const id = (created.body as { id: string }).id;
    for (let i = 0; i < times; i++) expect((await api.call(i % 2 === 0 ? 'connectors.activate' : 'connectors.deactivate', { id })).status).toBe(200);
    return id;
  }

  const outboxIds = (connectorId: string): string[] =>
    engine.store.sqlite.prepare(`SELECT id FROM outbox_events WHERE aggregate_id = ? ORDER BY seq`).pluck().all(connectorId) as string[];

  async function deliveries(subscriptionId: string): Promise<EventDelivery[]> {
    const answer = await api.call('eventDeliveries.list', { subscriptionId, pageSize: 500 });
    expect(answer.status).toBe(200);
    return (answer.body as { data: EventDelivery[] }).data;
  }

  it('delivers each event once, signed and in order, to a receiver that goes down and comes back', async () => {
    const hook = await receiver();
    const subscriptionId = await subscribe(hook.url);
    const before = await connectorEvents(2);
    await waitFor('the first two events', () => hook.accepted.length === 2);

    await hook.stop();
    const during = await connectorEvents(5);
    await waitFor('a failed attempt while the receiver is down', async () => (await deliveries(subscriptionId)).some((d) => d.status === 'retrying' && d.attemptCount >= 2));
    await hook.start();

    const expected = [...outboxIds(before), ...outboxIds(during)];
    await waitFor('every event delivered', async () => (await deliveries(subscriptionId)).filter((d) => d.status === 'delivered').length === 7);
    expect(hook.accepted).toEqual(expected);
    expect(hook.requests.every((r) => r.signatureValid)).toBe(true);
    expect(new Set(hook.requests.map((r) => r.eventId)).size).toBe(7);
    const first = hook.requests[0] as ReceivedRequest;
    expect(first.body).toEqual({ id: first.eventId, type: 'ConnectorActivated', occurredAt: expect.stringMatching(/Z$/), data: { aggregateType: 'connector', aggregateId: before, from: 'configured', to: 'active' } });
    expect(first.eventType).toBe('ConnectorActivated');
    const failed = (await deliveries(subscriptionId)).flatMap((d) => d.attempts).filter((a) => a.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((a) => a.errorCode === 'WEBHOOK_CONNECTION_FAILED' && a.responseStatus === null)).toBe(true);
  });

  it('retries a receiver that answers 500, records both attempts with their status and latency, and keeps the event id across them', async () => {
    const hook = await receiver((_request, seen) => ({ status: seen === 0 ? 500 : 200 }));
    const subscriptionId = await subscribe(hook.url);
    await connectorEvents(1);
    const [delivery] = await waitFor('the delivery', async () => {
      const list = await deliveries(subscriptionId);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 2, responseStatus: 200, error: null, deliveredAt: expect.any(String) });
    expect(delivery?.attempts).toEqual([
      { number: 1, at: expect.any(String), outcome: 'failed', responseStatus: 500, latencyMs: expect.any(Number), errorCode: 'WEBHOOK_HTTP_STATUS' },
      { number: 2, at: expect.any(String), outcome: 'delivered', responseStatus: 200, latencyMs: expect.any(Number), errorCode: null },
    ]);
    expect(hook.requests.map((r) => r.eventId)).toEqual([delivery?.eventId, delivery?.eventId]);
    expect(hook.accepted).toEqual([delivery?.eventId]);
  });

  it('does not follow a redirect: a 3xx is a failed attempt, the target is never asked, and the delivery is dead after the last attempt', async () => {
    const hook = await receiver((request) => (request.path === '/hooks' ? { status: 307, headers: { location: '/landing' } } : { status: 200 }));
    const subscriptionId = await subscribe(hook.url);
    await connectorEvents(1);
    const [dead] = await waitFor('the dead delivery', async () => {
      const list = await deliveries(subscriptionId);
      return list[0]?.status === 'dead' ? list : undefined;
    });
    expect(dead).toMatchObject({ attemptCount: 8, responseStatus: 307, error: 'WEBHOOK_REDIRECT_REFUSED', nextAttemptAt: null });
    expect(hook.requests.every((r) => r.path === '/hooks')).toBe(true);
    expect(hook.requests).toHaveLength(8);
  });

  it('gives up on a receiver that answers after the timeout and sends again, so it arrives once', async () => {
    // The first answer comes long after the 400 ms timeout, so giving up shows even on a busy machine.
    const hook = await receiver((_request, seen) => ({ status: 200, delayMs: seen === 0 ? 5_000 : 0 }));
    const subscriptionId = await subscribe(hook.url);
    await connectorEvents(1);
    const [delivery] = await waitFor('the delivery', async () => {
      const list = await deliveries(subscriptionId);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(delivery?.attempts[0]).toMatchObject({ outcome: 'failed', errorCode: 'WEBHOOK_TIMEOUT', responseStatus: null });
    expect(delivery?.attempts[0]?.latencyMs).toBeGreaterThanOrEqual(390);
    expect(delivery?.attempts[0]?.latencyMs).toBeLessThan(4_000);
    await waitFor('the slow answer to finish', () => hook.requests.length === 2 && hook.accepted.length === 1);
    expect(hook.accepted).toEqual([delivery?.eventId]);
  });

  it('holds a lane behind its failing head: later events wait, in order, until the head is delivered', async () => {
    let failing = true;
    const hook = await receiver(() => ({ status: failing ? 503 : 200 }));
    const subscriptionId = await subscribe(hook.url);
    const connectorId = await connectorEvents(3);
    await waitFor('two failed attempts of the head', () => hook.requests.length >= 2);
    expect(new Set(hook.requests.map((r) => r.eventId))).toEqual(new Set([outboxIds(connectorId)[0]]));
    failing = false;
    await waitFor('all three delivered', async () => (await deliveries(subscriptionId)).every((d) => d.status === 'delivered') && hook.accepted.length === 3);
    expect(hook.accepted).toEqual(outboxIds(connectorId));
  });

  it('sends only the events after a subscription was created, of its types and its connector', async () => {
    const hook = await receiver();
    const earlier = await connectorEvents(1);
    const other = await connectorEvents(0);
    const subscriptionId = await subscribe(hook.url, { eventTypes: ['ConnectorDeactivated'], filters: { connectorId: earlier } });
    await api.call('connectors.deactivate', { id: earlier });
    await api.call('connectors.activate', { id: other });
    await api.call('connectors.deactivate', { id: other });
    await api.call('connectors.activate', { id: earlier });
    await waitFor('the one matching event', () => hook.accepted.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(hook.requests.map((r) => [r.eventType, r.body.data.aggregateId])).toEqual([['ConnectorDeactivated', earlier]]);
    expect(await deliveries(subscriptionId)).toHaveLength(1);
  });

  it('keeps collecting deliveries while paused and sends them, in order, once resumed', async () => {
    const hook = await receiver();
    const subscriptionId = await subscribe(hook.url);
    expect((await api.call('eventSubscriptions.update', { id: subscriptionId, version: 1, status: 'paused' })).status).toBe(200);
    const connectorId = await connectorEvents(3);
    await waitFor('three pending deliveries', async () => (await deliveries(subscriptionId)).filter((d) => d.status === 'pending').length === 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hook.requests).toHaveLength(0);
    await api.call('eventSubscriptions.update', { id: subscriptionId, version: 2, status: 'active' });
    await waitFor('all three', () => hook.accepted.length === 3);
    expect(hook.accepted).toEqual(outboxIds(connectorId));
  });

  it('filters by message type, also for message events whose payload names no type (Hl7MessageProcessed, Hl7MessageFailed)', async () => {
    const hook = await receiver();
    const subscriptionId = await subscribe(hook.url, { eventTypes: ['Hl7MessageReceived', 'Hl7MessageProcessed', 'Hl7MessageFailed'], filters: { messageType: 'ADT^A01' } });
    const { port } = await activeMllpInbound(engine.url as string, `Feed ${++seq}`);
    const hl7 = (type: string, control: string) => `MSH|^~\\&|LAB|CLINIC|EHR|CLINIC|20240105101500||${type}|${control}|P|2.5\rPID|1||MRN${control}^^^CLINIC^MR||Testperson^Alex||19700101|F\r`;
    await sendOverMllp(port, [hl7('ORU^R01', `O${seq}`), hl7('ADT^A01^ADT_A01', `A${seq}`), hl7('ORU^R01', `P${seq}`)]);
    await waitFor('the ADT message received and processed (or failed)', () => hook.accepted.length >= 2);
    const adtId = engine.store.sqlite.prepare(`SELECT id FROM hl7_messages WHERE message_control_id = ?`).pluck().get(`A${seq}`) as string;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(hook.requests.map((r) => r.eventType).slice(0, 2)).toEqual(['Hl7MessageReceived', expect.stringMatching(/^Hl7Message(Processed|Failed)$/)]);
    expect(new Set(hook.requests.map((r) => r.body.data.aggregateId))).toEqual(new Set([adtId]));
    expect(JSON.stringify(hook.requests.map((r) => r.body))).not.toMatch(/Testperson|MRN/);
    expect((await deliveries(subscriptionId)).length).toBe(hook.accepted.length);
  });

  it('sends FhirResourceCreated and FhirResourceUpdated with the resource\'s type, id and version, never its content', async () => {
    const hook = await receiver();
    await subscribe(hook.url, { eventTypes: ['FhirResourceCreated', 'FhirResourceUpdated'] });
    const patient = { resourceType: 'Patient', name: [{ family: 'Quietname' }], birthDate: '1981-02-03' };
    const created = (await (await fetch(`${engine.url}fhir/R4/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(patient) })).json()) as { id: string };
    const put = await fetch(`${engine.url}fhir/R4/Patient/${created.id}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ ...patient, id: created.id, gender: 'female' }) });
    expect(put.status).toBe(200);
    await waitFor('both events', () => hook.accepted.length === 2);
    expect(hook.requests.map((r) => [r.eventType, r.body.data])).toEqual([
      ['FhirResourceCreated', { aggregateType: 'fhir_resource', aggregateId: `Patient/${created.id}`, resourceType: 'Patient', id: created.id, versionId: 1 }],
      ['FhirResourceUpdated', { aggregateType: 'fhir_resource', aggregateId: `Patient/${created.id}`, resourceType: 'Patient', id: created.id, versionId: 2 }],
    ]);
    expect(JSON.stringify(hook.requests.map((r) => r.body))).not.toMatch(/Quietname|1981/);
  });

  it('never shows the secret: not in any API answer about subscriptions or deliveries, nor in the log', async () => {
    const subscriptions = await api.call('eventSubscriptions.list', { pageSize: 500 });
    const all = await api.call('eventDeliveries.list', { pageSize: 500 });
    expect((subscriptions.body as { total: number }).total).toBeGreaterThan(0);
    expect((all.body as { total: number }).total).toBeGreaterThan(0);
    expect(JSON.stringify([subscriptions.body, all.body])).not.toContain(SECRET);
    expect(logLines.some((line) => line.includes('webhook delivery failed'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(SECRET);
  });
});

describe('webhook deliveries across an engine restart', () => {
  it('resumes after a restart with the receiver down: every event arrives once, in order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'interop-webhooks-'));
    const config: EngineConfig = { dataDir, http: { host: '127.0.0.1', port: 0 }, webhooks: { retryPolicy: { maxAttempts: 50, baseDelayMs: 100, factor: 2, maxDelayMs: 300, jitter: 0.2 } } };
    const hook = new WebhookReceiver(SECRET);
    await hook.start();
    await hook.stop();
    let engine = await bootstrap(config);
    try {
      const api = httpTransport(engine.url as string);
      await api.call('eventSubscriptions.create', { name: 'Across restarts', eventTypes: ['ConnectorActivated', 'ConnectorDeactivated'], url: hook.url, secret: SECRET });
      const { id } = (await api.call('connectors.create', { name: 'Toggled', protocol: 'fhir-rest', direction: 'outbound', host: 'fhir.example.org', port: 443 })).body as { id: string };
      for (const action of ['activate', 'deactivate', 'activate', 'deactivate'] as const) await api.call(`connectors.${action}`, { id });
      const expected = engine.store.sqlite.prepare(`SELECT id FROM outbox_events WHERE aggregate_id = ? ORDER BY seq`).pluck().all(id) as string[];
      await waitFor('a failed attempt before the restart', () => engine.store.sqlite.prepare(`SELECT 1 FROM event_delivery_attempts LIMIT 1`).get());
      await engine.stop();

      await hook.start();
      engine = await bootstrap(config);
      await waitFor('all four delivered', () => hook.accepted.length === 4);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(hook.accepted).toEqual(expected);
      expect(hook.requests.map((r) => r.eventId)).toEqual(expected);
      expect(hook.requests.every((r) => r.signatureValid)).toBe(true);
    } finally {
      await engine.stop();
      await hook.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
