import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdGenerator } from '../core/ids';
import { createOutboundItemsRepo } from '../store/outbound-items-repo';
import { httpTransport, ipcTransport, type TestTransport } from '../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

/** The outbound operations through both transports, from one table of behaviours. */
const transports: { name: string; make: (engine: TempEngine) => TestTransport }[] = [
  { name: 'http', make: (engine) => httpTransport(engine.url as string) },
  { name: 'ipc', make: (engine) => ipcTransport(engine) },
];

let seq = 0;
const body = (answer: { body: unknown }) => answer.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(transports)('outbound API contract over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  let source: string;
  let destination: string;
  const connector = async (fields: Record<string, unknown>): Promise<Record<string, any>> => body(await api.call('connectors.create', { name: `c${++seq}`, ...fields })); // eslint-disable-line @typescript-eslint/no-explicit-any
  const route = (fields: Record<string, unknown> = {}) => api.call('outboundRoutes.create', { name: `route ${++seq}`, sourceConnectorId: source, destinationConnectorId: destination, ...fields });

  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
    source = (await connector({ protocol: 'mllp', direction: 'inbound', port: 21000 + seq })).id;
    destination = (await connector({ protocol: 'mllp', direction: 'outbound', host: 'ehr.example', port: 22000 + seq })).id;
  });
  afterAll(() => engine.dispose());

  it('gives an outbound MLLP connector sender settings with defaults and refuses listener settings on it', async () => {
    const created = await connector({ protocol: 'mllp', direction: 'outbound', host: 'ris.example', port: 23000, settings: { ackTimeoutSeconds: 5 } });
    expect(created.settings).toEqual({ ackTimeoutSeconds: 5, onApplicationError: 'retry' });
    const refused = await api.call('connectors.create', { name: `c${++seq}`, protocol: 'mllp', direction: 'outbound', host: 'ris.example', port: 23001, settings: { ackMode: 'never' } });
    expect(refused.status).toBe(422);
    expect(Object.keys(body(refused).error.details.fields)).toEqual(['settings.ackMode']);
  });

  it('creates a route with defaults, reads, lists, updates it with its version and deletes it', async () => {
    const created = await route();
    expect(created.status).toBe(201);
    expect(body(created)).toMatchObject({ id: expect.stringMatching(/^ORT_/), filter: {}, payload: { kind: 'raw' }, laneBy: 'destination', enabled: true, version: 1 });
    const id = body(created).id as string;
    expect(body(await api.call('outboundRoutes.get', { id })).name).toBe(body(created).name);
    expect(body(await api.call('outboundRoutes.list', { sourceConnectorId: source })).data.map((r: { id: string }) => r.id)).toContain(id);
    const updated = await api.call('outboundRoutes.update', { id, version: 1, laneBy: 'patient', filter: { messageTypes: ['ORU^R01', 'ADT^*'], condition: { path: 'PID-3.1', op: 'exists' } } });
    expect(body(updated)).toMatchObject({ laneBy: 'patient', version: 2, filter: { messageTypes: ['ORU^R01', 'ADT^*'] } });
    const stale = await api.call('outboundRoutes.update', { id, version: 1, enabled: false });
    expect([stale.status, body(stale).error.code]).toEqual([409, 'INTEROP_VERSION_CONFLICT']);
    expect((await api.call('outboundRoutes.delete', { id })).status).toBe(204);
    expect(body(await api.call('outboundRoutes.get', { id })).error.code).toBe('INTEROP_OUTBOUND_ROUTE_NOT_FOUND');
  });

  it('refuses a route from an outbound connector, to an inbound one, with an unreadable path, an unknown profile or a Bundle for MLLP', async () => {
    const reversed = await api.call('outboundRoutes.create', { name: `r${++seq}`, sourceConnectorId: destination, destinationConnectorId: source });
    expect(reversed.status).toBe(422);
    expect(Object.keys(body(reversed).error.details.fields).sort()).toEqual(['destinationConnectorId', 'sourceConnectorId']);
    const path = await route({ filter: { condition: { path: 'PID.3', op: 'exists' } } });
    expect(body(path).error.details.fields).toHaveProperty(['filter.condition.path']);
    const profile = await route({ payload: { kind: 'hl7-profile', profileId: 'FMP_01ARZ3NDEKTSV4RRFFQ69G5FAV' } });
    expect(body(profile).error.details.fields['payload.profileId']).toEqual(['no FHIR mapping profile has that id']);
    const bundle = await route({ payload: { kind: 'fhir-bundle' } });
    expect(body(bundle).error.details.fields).toHaveProperty(['payload.kind']);
    const noValue = await route({ filter: { condition: { path: 'MSH-4', op: 'equals' } } });
    expect(noValue.status).toBe(422);
  });

  it('shows the destination in lanes, pauses and resumes it', async () => {
    const lanes = body(await api.call('outbound.lanes', { destinationConnectorId: destination })).data;
    expect(lanes).toEqual([expect.objectContaining({ destinationConnectorId: destination, state: 'inactive', paused: false, depth: 0 })]);
    const paused = await api.call('outbound.pause', { id: destination });
    expect(body(paused)).toMatchObject({ state: 'paused', paused: true, since: expect.any(String) });
    expect(body(await api.call('outbound.resume', { id: destination }))).toMatchObject({ state: 'inactive', paused: false });
    const notOutbound = await api.call('outbound.pause', { id: source });
    expect(notOutbound.status).toBe(422);
  });

  it('lists items with their attempts and lets the operator skip, requeue and retry them, refusing actions their status does not allow', async () => {
    const routeId = body(await route()).id as string;
    const ids = createIdGenerator();
    const items = createOutboundItemsRepo(engine.store.sqlite, ids);
    const draft = { tenantId: engine.tenantId, routeId, destinationConnectorId: destination, laneKey: destination, messageId: null, payloadKind: 'raw', payload: Buffer.from('MSH|^~\\&|A|B|C|D|20260101||ADT^A08|X1|P|2.5.1\r'), controlId: 'X1', status: 'pending' as const };
    engine.store.sqlite.transaction(() => items.enqueue([draft, { ...draft, controlId: 'X2' }], Date.now()))();
    const listed = body(await api.call('outboundItems.list', { destinationConnectorId: destination, laneKey: destination }));
    expect(listed.data.map((i: { controlId: string; seq: number; status: string; attempts: unknown[] }) => [i.controlId, i.status, i.attempts])).toEqual([['X1', 'pending', []], ['X2', 'pending', []]]);
    expect(listed.data[1].seq).toBe(listed.data[0].seq + 1);
    const first = listed.data[0].id as string;
    expect(body(await api.call('outboundItems.skip', { id: first })).status).toBe('skipped');
    const again = await api.call('outboundItems.skip', { id: first });
    expect([again.status, body(again).error.code, body(again).error.details.status]).toEqual([409, 'INTEROP_OUTBOUND_ITEM_STATE', 'skipped']);
    const requeued = body(await api.call('outboundItems.requeue', { id: first }));
    expect([requeued.status, requeued.seq]).toEqual(['pending', listed.data[0].seq]);
    expect(body(await api.call('outboundItems.retryNow', { id: first })).status).toBe('pending');
    expect((await api.call('outboundItems.requeue', { id: first })).status).toBe(409);
    expect(body(await api.call('outboundItems.retryNow', { id: 'OBI_01ARZ3NDEKTSV4RRFFQ69G5FAV' })).error.code).toBe('INTEROP_OUTBOUND_ITEM_NOT_FOUND');
    expect(body(await api.call('outbound.lanes', { destinationConnectorId: destination })).data[0]).toMatchObject({ depth: 2, lanes: [{ laneKey: destination, depth: 2, headItemId: first }] });
    const inUse = await api.call('outboundRoutes.delete', { id: routeId });
    expect([inUse.status, body(inUse).error.code]).toEqual([409, 'INTEROP_OUTBOUND_ROUTE_IN_USE']);
  });
});
