import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { Client, RESPONSE_KEY } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const observation = (category: string, text: string): Resource =>
  ({ resourceType: 'Observation', status: 'final', category: [{ coding: [{ system: CATEGORY, code: category }] }], code: { text }, valueQuantity: { value: 1, unit: 'mmol/L' } }) as Resource;

const warningOf = (result: unknown): string | null => (result as { [RESPONSE_KEY]?: Response })[RESPONSE_KEY]?.headers.get('warning') ?? null;

const ids = (bundle: Bundle): string[] => (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
const outcomeEntry = (bundle: Bundle): OperationOutcome | undefined => bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource as OperationOutcome | undefined;

/**
 * Real engines: `lab` owns laboratory Observations and is the primary Patient owner; `registry` is a
 * second Patient source the gateway fans searches out to. Each is stopped in turn to play "owner down".
 */
describe('FHIR routing by category, with fan-out and bundles', () => {
  let gateway: TempEngine;
  let lab: TempEngine | undefined;
  let registry: TempEngine | undefined;
  let g: Client;
  let a: Client;
  let b: Client;
  let labUrl: string;
  let registryUrl: string;

  beforeAll(async () => {
    [gateway, lab, registry] = await Promise.all([startTempEngine(), startTempEngine(), startTempEngine()]);
    labUrl = `${lab.url}fhir/R4`;
    registryUrl = `${registry.url}fhir/R4`;
    g = new Client({ baseUrl: `${gateway.url}fhir/R4` });
    a = new Client({ baseUrl: labUrl });
    b = new Client({ baseUrl: registryUrl });
    for (const rule of [
      { resourceType: 'Observation', category: 'laboratory', target: 'upstream', serviceUrl: labUrl },
      { resourceType: 'Patient', target: 'upstream', serviceUrl: labUrl, fanOut: true },
      { resourceType: 'Patient', target: 'upstream', serviceUrl: registryUrl, fanOut: true, isPrimary: false },
    ]) {
      const response = await fetch(new URL('api/v1/fhir-routing-rules', gateway.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
      expect(response.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([gateway.dispose(), lab?.dispose(), registry?.dispose()]);
  });

  const queuedWrites = (): { aggregate_id: string; payload: string }[] => gateway.store.sqlite.prepare("select aggregate_id, payload from outbox_events where type = 'FhirWriteQueued' order by rowid").all() as never;

  it('writes laboratory Observations to their owner and keeps vital signs local', async () => {
    const labResult = (await g.create({ resourceType: 'Observation', body: observation('laboratory', 'glucose') as never })) as Resource;
    const vitals = (await g.create({ resourceType: 'Observation', body: observation('vital-signs', 'pulse') as never })) as Resource;
    expect(await a.read({ resourceType: 'Observation', id: labResult.id as string })).toMatchObject({ id: labResult.id });
    expect((await failure(a.read({ resourceType: 'Observation', id: vitals.id as string }))).status).toBe(404);

    const pinned = (await g.search({ resourceType: 'Observation', searchParams: { category: 'laboratory' } })) as unknown as Bundle;
    expect(pinned.entry?.map((e) => e.fullUrl)).toEqual([`${labUrl}/Observation/${labResult.id}`]);

    const all = (await g.search({ resourceType: 'Observation' })) as unknown as Bundle;
    expect(ids(all).sort()).toEqual([`Observation/${labResult.id}`, `Observation/${vitals.id}`].sort());
    expect(all.total).toBe(2);
    expect(outcomeEntry(all)).toBeUndefined();
  });

  it('finds a resource known only to a category owner by asking the owners in turn', async () => {
    const direct = (await a.create({ resourceType: 'Observation', body: observation('laboratory', 'sodium') as never })) as Resource;
    const read = await g.read({ resourceType: 'Observation', id: direct.id as string });
    expect(read).toMatchObject({ id: direct.id, code: { text: 'sodium' } });
    expect(warningOf(read)).toBeNull();
    expect((await failure(g.read({ resourceType: 'Observation', id: 'nowhere' }))).status).toBe(404);
  });

  it('forwards vread, history and delete to the owner', async () => {
    const created = (await g.create({ resourceType: 'Observation', body: observation('laboratory', 'potassium') as never })) as Resource;
    const id = created.id as string;
    await g.update({ resourceType: 'Observation', id, body: { ...created, status: 'amended' } as never });
    const version1 = (await g.vread({ resourceType: 'Observation', id, version: '1' })) as Resource;
    expect(version1).toMatchObject({ status: 'final', meta: { versionId: '1' } });
    const history = (await g.history({ resourceType: 'Observation', id })) as unknown as Bundle;
    expect(history.entry?.map((e) => e.fullUrl)).toEqual([`${labUrl}/Observation/${id}`, `${labUrl}/Observation/${id}`]);

    await g.delete({ resourceType: 'Observation', id });
    expect((await failure(a.read({ resourceType: 'Observation', id }))).status).toBe(410);
  });

  it('patches a resource at its owner', async () => {
    const created = (await g.create({ resourceType: 'Observation', body: observation('laboratory', 'calcium') as never })) as Resource;
    const patched = (await g.patch({ resourceType: 'Observation', id: created.id as string, jsonPatch: [{ op: 'replace', path: '/status', value: 'amended' }] })) as Resource;
    expect(patched).toMatchObject({ id: created.id, status: 'amended' });
    expect(await a.read({ resourceType: 'Observation', id: created.id as string })).toMatchObject({ status: 'amended', meta: { versionId: '2' } });
  });

  it('routes each batch entry like its REST interaction', async () => {
    const result = (await g.batch({
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: observation('laboratory', 'urea'), request: { method: 'POST', url: 'Observation' } },
          { resource: observation('vital-signs', 'temperature'), request: { method: 'POST', url: 'Observation' } },
          { request: { method: 'GET', url: 'Observation?category=laboratory&code:text=urea' } },
        ],
      } as never,
    })) as unknown as Bundle;
    const [toLab, toLocal, searched] = result.entry ?? [];
    expect(toLab?.response?.status).toBe('201 Created');
    const labId = toLab?.response?.location?.split('/')[1] as string;
    expect(await a.read({ resourceType: 'Observation', id: labId })).toMatchObject({ code: { text: 'urea' } });
    expect((await failure(a.read({ resourceType: 'Observation', id: toLocal?.resource?.id as string }))).status).toBe(404);
    expect(ids(searched?.resource as Bundle)).toEqual([`Observation/${labId}`]);
  });

  it('forwards a transaction whose entries one upstream owns and refuses one that mixes owners', async () => {
    const forwarded = (await g.transaction({ body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: observation('laboratory', 'creatinine'), request: { method: 'POST', url: 'Observation' } }] } as never })) as unknown as Bundle;
    const id = forwarded.entry?.[0]?.response?.location?.split('/')[1] as string;
    expect(await a.read({ resourceType: 'Observation', id })).toMatchObject({ code: { text: 'creatinine' } });

    const mixed = await failure(
      g.transaction({
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            { resource: observation('laboratory', 'albumin'), request: { method: 'POST', url: 'Observation' } },
            { resource: observation('vital-signs', 'weight'), request: { method: 'POST', url: 'Observation' } },
          ],
        } as never,
      }),
    );
    expect(mixed.status).toBe(422);
    expect(mixed.data.issue?.[0]).toMatchObject({ code: 'not-supported' });
    expect(mixed.data.issue?.[0]?.diagnostics).toContain(labUrl);
  });

  it('fans a Patient search out to every source and keeps the newest copy of a shared identifier', async () => {
    const older = (await a.create({ resourceType: 'Patient', body: { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: 'm-1' }], name: [{ family: 'Older' }] } as never })) as Resource;
    const newer = (await b.create({ resourceType: 'Patient', body: { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: 'm-1' }], name: [{ family: 'Newer' }] } as never })) as Resource;
    const onlyB = (await b.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family: 'OnlyInRegistry' }] } as never })) as Resource;
    const viaGateway = (await g.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family: 'ViaGateway' }] } as never })) as Resource;

    const merged = (await g.search({ resourceType: 'Patient' })) as unknown as Bundle;
    expect(ids(merged).sort()).toEqual([`Patient/${newer.id}`, `Patient/${onlyB.id}`, `Patient/${viaGateway.id}`].sort());
    expect(ids(merged)).not.toContain(`Patient/${older.id}`);
    expect(merged.total).toBe(3);
    expect(outcomeEntry(merged)?.issue?.[0]?.diagnostics).toContain('same business identifier');
  });

  it('answers a fan-out search without the source that is down and names it', async () => {
    await registry?.dispose();
    registry = undefined;
    const merged = (await g.search({ resourceType: 'Patient' })) as unknown as Bundle;
    expect(ids(merged).length).toBeGreaterThan(0);
    expect(outcomeEntry(merged)?.issue?.find((i) => i.severity === 'warning')?.diagnostics).toContain(registryUrl);
    expect(warningOf(merged)).toContain(registryUrl);
  });

  it('while the category owner is down, answers from local copies, queues writes and deletes, and says 503 where nothing local can answer', async () => {
    const kept = (await g.create({ resourceType: 'Observation', body: observation('laboratory', 'calcium') as never })) as Resource;
    const id = kept.id as string;
    await lab?.dispose();
    lab = undefined;

    const search = (await g.search({ resourceType: 'Observation' })) as unknown as Bundle;
    expect(ids(search)).toContain(`Observation/${id}`);
    expect(outcomeEntry(search)?.issue?.[0]?.diagnostics).toContain(labUrl);

    const read = await g.read({ resourceType: 'Observation', id });
    expect(warningOf(read)).toContain('answered from the local store');
    const vread = await g.vread({ resourceType: 'Observation', id, version: '1' });
    expect(warningOf(vread)).toContain('answered from the local store');
    const history = await g.history({ resourceType: 'Observation', id });
    expect(warningOf(history)).toContain('answered from the local store');

    const batch = (await g.batch({ body: { resourceType: 'Bundle', type: 'batch', entry: [{ resource: observation('laboratory', 'iron'), request: { method: 'POST', url: 'Observation' } }] } as never })) as unknown as Bundle;
    expect(batch.entry?.[0]?.response).toMatchObject({ status: '201 Created', outcome: { issue: [{ severity: 'warning' }] } });

    const transaction = (await g.transaction({
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: observation('laboratory', 'magnesium'), request: { method: 'POST', url: 'Observation' } },
          { resource: observation('vital-signs', 'height'), request: { method: 'POST', url: 'Observation' } },
        ],
      } as never,
    })) as unknown as Bundle;
    expect(transaction.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created']);

    await g.delete({ resourceType: 'Observation', id });
    expect((await failure(g.read({ resourceType: 'Observation', id }))).status).toBe(410);

    const methods = queuedWrites().map((q) => (JSON.parse(q.payload) as { method: string }).method);
    expect(methods).toEqual(['POST', 'POST', 'DELETE']);
    expect(queuedWrites().at(-1)?.aggregate_id).toBe(`Observation/${id}`);

    const unknown = await failure(g.delete({ resourceType: 'Observation', id: 'never-seen' }));
    expect(unknown.status).toBe(503);
    expect(unknown.data.issue?.[0]?.diagnostics).toContain('INTEROP_OWNING_SERVICE_UNAVAILABLE');
  });
});
