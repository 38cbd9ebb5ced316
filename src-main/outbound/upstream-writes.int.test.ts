import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboundDestination } from '../../src-shared';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { bootstrap, type Engine } from '../bootstrap';

/** Two real engines: `owner` is the upstream FHIR server a routing rule of `gateway` gives Observations to. */
describe('writes the gateway queued for an owning server that was down', () => {
  let gateway: TempEngine | undefined;
  let owner: Engine | undefined;
  afterAll(async () => {
    await gateway?.dispose();
    await owner?.stop();
  });

  const fhir = async (engine: Engine, method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(`fhir/R4/${path}`, engine.url), { method, headers: { 'content-type': 'application/fhir+json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, warning: response.headers.get('warning'), body: (await response.json().catch(() => undefined)) as Record<string, unknown> & { id?: string } };
  };
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await (gateway as TempEngine).dispatcher.dispatch(op as never, input, { tenantId: (gateway as TempEngine).tenantId, actor: 'test' });
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const itemsOf = () =>
    (gateway as TempEngine).store.sqlite.prepare("SELECT seq, status, payload, delivered_at AS deliveredAt, last_error_code AS code FROM outbound_items WHERE payload_kind = 'fhir-upstream-write' ORDER BY seq").all() as { seq: number; status: string; payload: Buffer; deliveredAt: number | null; code: string | null }[];
  const waitFor = async (check: () => Promise<boolean> | boolean, what: string) => {
    const until = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out: ${what} ${JSON.stringify(itemsOf().map((i) => [i.seq, i.status, i.code]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const glucose = (value: number): Observation => ({ resourceType: 'Observation', status: 'final', code: { text: 'glucose' }, valueQuantity: { value, unit: 'mmol/L' } });
  const withoutMeta = (resource: Record<string, unknown>): Record<string, unknown> => ({ ...resource, meta: undefined });

  it('reach it once it returns, in the order they were made, once each, and it ends as the gateway does', async () => {
    const ownerHome = await startTempEngine();
    owner = ownerHome;
    const ownerPort = Number(new URL(ownerHome.url as string).port);
    const serviceUrl = `${ownerHome.url}fhir/R4`;
    gateway = await startTempEngine({ outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 400 } });
    const rule = await call<{ id: string }>('fhirRoutingRules.create', { resourceType: 'Observation', target: 'upstream', serviceUrl });
    await ownerHome.stop();

    const a = await fhir(gateway, 'POST', 'Observation', glucose(1));
    expect(a).toMatchObject({ status: 201, warning: expect.stringContaining('queued') });
    const aId = a.body.id as string;
    expect((await fhir(gateway, 'PUT', `Observation/${aId}`, { ...glucose(2), id: aId })).status).toBe(200);
    const b = await fhir(gateway, 'POST', 'Observation', glucose(3));
    const c = await fhir(gateway, 'POST', 'Observation', glucose(4));
    expect((await fhir(gateway, 'DELETE', `Observation/${c.body.id}`)).status).toBeLessThan(300);
    expect((await fhir(gateway, 'PUT', 'Observation/obs-d', { ...glucose(5), id: 'obs-d' })).status).toBe(201);
    const transaction = await fhir(gateway, 'POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { ...glucose(6), id: 'obs-e' }, request: { method: 'PUT', url: 'Observation/obs-e' } },
        { resource: { ...glucose(7), id: 'obs-d' }, request: { method: 'PUT', url: 'Observation/obs-d' } },
      ],
    });
    expect(transaction.status).toBe(200);
    const queuedEvents = gateway.store.sqlite.prepare("SELECT count(*) FROM outbox_events WHERE type = 'FhirWriteQueued'").pluck().get();
    expect(queuedEvents).toBe(8);
    expect(itemsOf()).toHaveLength(8);

    const lane = async () => (await call<{ data: OutboundDestination[] }>('outbound.lanes', {})).data.find((d) => d.routingRuleId === rule.id);
    await waitFor(async () => (await lane())?.state === 'offline', 'the owner shows offline');
    expect(await lane()).toMatchObject({ name: serviceUrl, protocol: 'fhir-rest', destinationConnectorId: null, depth: 8, lanes: [{ laneKey: `rule:${rule.id}`, depth: 8 }] });

    owner = await bootstrap({ dataDir: ownerHome.dataDir, http: { host: '127.0.0.1', port: ownerPort } });
    await waitFor(() => itemsOf().every((i) => i.status === 'delivered'), 'every queued write delivered');
    const delivered = itemsOf().map((i) => i.deliveredAt as number);
    expect(delivered).toEqual([...delivered].sort((x, y) => x - y));

    for (const id of [aId, b.body.id as string, 'obs-d', 'obs-e']) {
      const ours = await fhir(gateway, 'GET', `Observation/${id}`);
      const theirs = await fhir(owner, 'GET', `Observation/${id}`);
      expect(theirs.status, id).toBe(200);
      expect(withoutMeta(theirs.body), id).toEqual(withoutMeta(ours.body));
      const history = (await fhir(owner, 'GET', `Observation/${id}/_history`)).body as unknown as Bundle;
      expect(history.total, `${id} has one version at the owner, sent once whatever was replayed`).toBe(1);
    }
    expect((await fhir(owner, 'GET', `Observation/${aId}`)).body).toMatchObject({ valueQuantity: { value: 2 } });
    expect((await fhir(owner, 'GET', 'Observation/obs-d')).body).toMatchObject({ valueQuantity: { value: 7 } });
    expect([404, 410]).toContain((await fhir(owner, 'GET', `Observation/${c.body.id}`)).status);
    expect(((await fhir(owner, 'GET', 'Observation?_summary=count')).body as unknown as Bundle).total).toBe(4);
    expect((await lane())?.state).toBe('idle');
  }, 120_000);
});
