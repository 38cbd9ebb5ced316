import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothTransports, type TestTransport } from '../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const SECRET = 'whsec-7Hq2-never-shown-9xZ';
let seq = 0;
const subscription = (overrides: Record<string, unknown> = {}) => ({
  name: `Results to HIE ${++seq}`,
  eventTypes: ['Hl7MessageProcessed', 'Hl7MessageDeadLettered'],
  url: 'http://10.20.30.40:8443/hooks/interop',
  secret: SECRET,
  ...overrides,
});
const body = (answer: { body: unknown }) => answer.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(bothTransports)('event subscriptions over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
  });
  afterAll(() => engine.dispose());

  it('creates a subscription: 201, a SUB_ id, active, hasSecret, and the secret neither answered nor stored in plaintext', async () => {
    const answer = await api.call('eventSubscriptions.create', subscription({ filters: { connectorId: 'CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV', messageType: 'ORU^R01' } }));
    expect(answer.status).toBe(201);
    expect(body(answer)).toMatchObject({
      id: expect.stringMatching(/^SUB_[0-9A-Z]{26}$/),
      status: 'active',
      version: 1,
      hasSecret: true,
      url: 'http://10.20.30.40:8443/hooks/interop',
      eventTypes: ['Hl7MessageProcessed', 'Hl7MessageDeadLettered'],
      filters: { connectorId: 'CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV', messageType: 'ORU^R01' },
    });
    expect(body(answer)).not.toHaveProperty('secret');
    expect(JSON.stringify(answer.body)).not.toContain(SECRET);
    const stored = engine.store.sqlite.prepare('SELECT secret_cipher FROM event_subscriptions WHERE id = ?').pluck().get(body(answer).id) as string;
    expect(stored).toBeTruthy();
    expect(stored).not.toContain(SECRET);
  });

  it('answers 422 for an event type the outbox does not write, naming the field', async () => {
    const answer = await api.call('eventSubscriptions.create', subscription({ eventTypes: ['Hl7MessageProcessed', 'PatientAdmitted'] }));
    expect(answer.status).toBe(422);
    expect(body(answer).error.code).toBe('INTEROP_VALIDATION_FAILED');
    expect(Object.keys(body(answer).error.details.fields)).toEqual(['eventTypes.1']);
  });

  it('answers 422 for a short secret and for a URL that is not http(s)', async () => {
    const answer = await api.call('eventSubscriptions.create', subscription({ secret: 'short', url: 'ftp://files.example/in' }));
    expect(answer.status).toBe(422);
    expect(Object.keys(body(answer).error.details.fields).sort()).toEqual(['secret', 'url']);
  });

  it('refuses a link-local (cloud metadata) URL and the engine\'s own port with 422 INTEROP_URL_NOT_ALLOWED', async () => {
    const metadata = await api.call('eventSubscriptions.create', subscription({ url: 'http://169.254.169.254/latest/meta-data' }));
    expect(metadata.status).toBe(422);
    expect(body(metadata).error).toMatchObject({ code: 'INTEROP_URL_NOT_ALLOWED', details: { field: 'url' } });
    const own = await api.call('eventSubscriptions.create', subscription({ url: new URL('/api/v1/health', engine.url).href }));
    expect(own.status).toBe(422);
    expect(body(own).error.code).toBe('INTEROP_URL_NOT_ALLOWED');
  });

  it('pauses and resumes through status, replaces the secret without showing it, and refuses a stale version with 409', async () => {
    const created = body(await api.call('eventSubscriptions.create', subscription()));
    const paused = await api.call('eventSubscriptions.update', { id: created.id, version: 1, status: 'paused', secret: 'a-new-secret-0123456789' });
    expect(paused.status).toBe(200);
    expect(body(paused)).toMatchObject({ status: 'paused', version: 2, hasSecret: true, name: created.name });
    expect(JSON.stringify(paused.body)).not.toContain('a-new-secret');
    const resumed = await api.call('eventSubscriptions.update', { id: created.id, version: 2, status: 'active' });
    expect(body(resumed)).toMatchObject({ status: 'active', version: 3 });
    const stale = await api.call('eventSubscriptions.update', { id: created.id, version: 2, status: 'paused' });
    expect(stale.status).toBe(409);
    expect(body(stale).error.code).toBe('INTEROP_VERSION_CONFLICT');
  });

  it('refuses a second subscription with the same name with 409', async () => {
    const first = body(await api.call('eventSubscriptions.create', subscription()));
    const again = await api.call('eventSubscriptions.create', subscription({ name: first.name }));
    expect(again.status).toBe(409);
    expect(body(again).error.code).toBe('INTEROP_EVENT_SUBSCRIPTION_NAME_TAKEN');
  });

  it('lists and gets subscriptions without their secrets, and deletes one: 204, then 404 with the entity code', async () => {
    const created = body(await api.call('eventSubscriptions.create', subscription()));
    const list = await api.call('eventSubscriptions.list', { pageSize: 500 });
    expect(body(list).data.map((s: { id: string }) => s.id)).toContain(created.id);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    const got = await api.call('eventSubscriptions.get', { id: created.id });
    expect(body(got)).toMatchObject({ id: created.id, hasSecret: true });
    expect(JSON.stringify(got.body)).not.toContain(SECRET);
    expect((await api.call('eventSubscriptions.delete', { id: created.id })).status).toBe(204);
    const gone = await api.call('eventSubscriptions.get', { id: created.id });
    expect(gone.status).toBe(404);
    expect(body(gone).error.code).toBe('INTEROP_EVENT_SUBSCRIPTION_NOT_FOUND');
  });

  it('lists deliveries paged, filtered by subscription and status, and 404s for an unknown subscription', async () => {
    const created = body(await api.call('eventSubscriptions.create', subscription()));
    const answer = await api.call('eventDeliveries.list', { subscriptionId: created.id, status: 'dead', page: 1, pageSize: 10 });
    expect(answer.status).toBe(200);
    expect(body(answer)).toEqual({ data: [], page: 1, pageSize: 10, total: 0 });
    const unknown = await api.call('eventDeliveries.list', { subscriptionId: 'SUB_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(unknown.status).toBe(404);
  });
});
