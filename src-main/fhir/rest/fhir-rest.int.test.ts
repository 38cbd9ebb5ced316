import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';

const corpusDir = resolve(import.meta.dirname, '../../../../shared/corpus/fhir');
const readCorpus = (file: string) => JSON.parse(readFileSync(join(corpusDir, file), 'utf8').replace(/^\uFEFF/, ''));

/** fhir-kit-client answers untyped resources; the tests name the shape they expect. */
const answer = async <T,>(request: Promise<unknown>): Promise<T> => (await request) as T;

describe('FHIR R4 gateway through fhir-kit-client', () => {
  let engine: TempEngine;
  let client: Client;
  beforeAll(async () => {
    engine = await startTempEngine();
    client = new Client({ baseUrl: `${engine.url}fhir/R4` });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('answers metadata with a CapabilityStatement for R4', async () => {
    const statement = (await client.capabilityStatement()) as unknown as { resourceType: string; fhirVersion: string; rest: { resource: { type: string }[] }[] };
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    expect(statement.rest[0]?.resource.map((r) => r.type)).toEqual(expect.arrayContaining(['Patient', 'Observation', 'DiagnosticReport']));
    const patient = (statement.rest[0]?.resource as { type: string; searchParam: { name: string }[] }[]).find((r) => r.type === 'Patient');
    expect(patient?.searchParam.map((p) => p.name)).toEqual(expect.arrayContaining(['_id', 'identifier', 'family', 'birthdate', 'gender']));
  });

  it('translates a v2 table code to FHIR with ConceptMap/$translate', async () => {
    const result = (await client.operation({
      resourceType: 'ConceptMap',
      name: '$translate',
      method: 'GET',
      input: { system: 'http://terminology.hl7.org/CodeSystem/v2-0001', code: 'F', targetsystem: 'http://hl7.org/fhir/administrative-gender' },
    })) as unknown as { parameter: { name: string; valueBoolean?: boolean }[] };
    expect(result.parameter.find((p) => p.name === 'result')?.valueBoolean).toBe(true);
    expect(JSON.stringify(result)).toContain('"female"');
  });

  it('creates, reads and vreads a corpus Patient with versionId, lastUpdated and ETag', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: readCorpus('msfs_Patient-f001.json') })) as unknown as { id: string; meta: { versionId: string; lastUpdated: string } };
    expect(created.meta.versionId).toBe('1');
    const read = (await client.read({ resourceType: 'Patient', id: created.id })) as unknown as { id: string; name: unknown[] };
    expect(read.id).toBe(created.id);
    expect(read.name).toEqual(readCorpus('msfs_Patient-f001.json').name);
    const v1 = await answer<{ meta: { versionId: string } }>(client.vread({ resourceType: 'Patient', id: created.id, version: '1' }));
    expect(v1.meta.versionId).toBe('1');
  });

  it('updates with the right If-Match and refuses a stale one with 412', async () => {
    const created = await answer<{ id: string }>(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family: 'Ortiz' }] } }));
    const updated = await answer<{ meta: { versionId: string } }>(client.update({ resourceType: 'Patient', id: created.id, body: { resourceType: 'Patient', id: created.id, name: [{ family: 'Ortiz-Díaz' }] }, options: { headers: { 'If-Match': 'W/"1"' } } }));
    expect(updated.meta.versionId).toBe('2');
    const stale = await failure(client.update({ resourceType: 'Patient', id: created.id, body: { resourceType: 'Patient', id: created.id, gender: 'female' }, options: { headers: { 'If-Match': 'W/"1"' } } }));
    expect(stale.status).toBe(412);
    expect(stale.data.resourceType).toBe('OperationOutcome');
  });

  it('deletes only when If-Match names the current version (RFC 7232 3.1), by REST and in a batch', async () => {
    const created = await answer<{ id: string }>(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family: 'Stale' }] } }));
    await client.update({ resourceType: 'Patient', id: created.id, body: { resourceType: 'Patient', id: created.id, name: [{ family: 'Stale-2' }] } });
    const stale = await failure(client.delete({ resourceType: 'Patient', id: created.id, options: { headers: { 'If-Match': 'W/"1"' } } }));
    expect(stale.status).toBe(412);
    const batch = await answer<{ entry: { response: { status: string } }[] }>(
      client.batch({ body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'DELETE', url: `Patient/${created.id}`, ifMatch: 'W/"1"' } }] } }),
    );
    expect(batch.entry[0]?.response.status).toBe('412');
    expect(((await client.read({ resourceType: 'Patient', id: created.id })) as unknown as { meta: { versionId: string } }).meta.versionId).toBe('2');
    await client.delete({ resourceType: 'Patient', id: created.id, options: { headers: { 'If-Match': 'W/"2"' } } });
    expect((await failure(client.read({ resourceType: 'Patient', id: created.id }))).status).toBe(410);
  });

  it('writes no new version when a PUT says what the current version says (no-op update)', async () => {
    const body = { resourceType: 'Patient', id: 'noop-put-1', meta: { source: 'urn:test' }, name: [{ family: 'Okafor', given: ['Ada'] }] };
    const first = await answer<{ meta: { versionId: string; lastUpdated: string } }>(client.update({ resourceType: 'Patient', id: 'noop-put-1', body }));
    const reordered = { name: [{ given: ['Ada'], family: 'Okafor' }], meta: { source: 'urn:test', versionId: '7' }, id: 'noop-put-1', resourceType: 'Patient' };
    const second = await answer<{ meta: { versionId: string; lastUpdated: string } }>(client.update({ resourceType: 'Patient', id: 'noop-put-1', body: reordered }));
    expect(first.meta.versionId).toBe('1');
    expect(second.meta).toEqual(first.meta);
    const history = (await client.history({ resourceType: 'Patient', id: 'noop-put-1' })) as unknown as { total: number };
    expect(history.total).toBe(1);
    const changed = await answer<{ meta: { versionId: string } }>(client.update({ resourceType: 'Patient', id: 'noop-put-1', body: { ...body, gender: 'female' } }));
    expect(changed.meta.versionId).toBe('2');
  });

  it('keeps every version in the history, newest first, and answers 410 after delete', async () => {
    const created = await answer<{ id: string }>(client.create({ resourceType: 'Observation', body: readCorpus('msfs_Weight.json') }));
    await client.update({ resourceType: 'Observation', id: created.id, body: { ...readCorpus('msfs_Weight.json'), id: created.id, status: 'amended' } });
    await client.delete({ resourceType: 'Observation', id: created.id });
    const history = (await client.history({ resourceType: 'Observation', id: created.id })) as unknown as { total: number; entry: { request: { method: string } }[] };
    expect(history.total).toBe(3);
    expect(history.entry.map((e) => e.request.method)).toEqual(['DELETE', 'PUT', 'POST']);
    expect((await failure(client.read({ resourceType: 'Observation', id: created.id }))).status).toBe(410);
  });

  it('answers an invalid resource with 422 and an OperationOutcome naming the element', async () => {
    const bad = await failure(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', birthDate: 'the fifth of May' } }));
    expect(bad.status).toBe(422);
    expect(bad.data.issue[0]?.expression).toEqual(['Patient.birthDate']);
  });

  it('refuses empty arrays, empty objects and empty strings with 422 naming the element, on every write path', async () => {
    const emptyCoding = { resourceType: 'Observation', status: 'final', code: { coding: [], text: 'weight' } };
    const created = await failure(client.create({ resourceType: 'Observation', body: emptyCoding }));
    expect(created.status).toBe(422);
    expect(created.data.issue[0]).toMatchObject({ severity: 'error', code: 'structure', expression: ['Observation.code.coding'] });

    const patient = await answer<{ id: string }>(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family: 'Tanaka' }] } }));
    const updated = await failure(client.update({ resourceType: 'Patient', id: patient.id, body: { resourceType: 'Patient', id: patient.id, name: [{ family: 'Tanaka', given: [] }] } }));
    expect(updated.data.issue[0]?.expression).toEqual(['Patient.name[0].given']);
    const patched = await failure(client.patch({ resourceType: 'Patient', id: patient.id, jsonPatch: [{ op: 'add', path: '/maritalStatus', value: {} }] }));
    expect([patched.status, patched.data.issue[0]?.expression]).toEqual([422, ['Patient.maritalStatus']]);
    const transaction = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient', identifier: [{ system: '', value: '7' }] }, request: { method: 'POST', url: 'Patient' } }] };
    const refused = await failure(client.transaction({ body: transaction }));
    expect(JSON.stringify(refused.data)).toContain('Patient.identifier[0].system');

    const validated = (await client.operation({ resourceType: 'Patient', name: '$validate', input: { resourceType: 'Patient', gender: null } })) as unknown as { issue: { severity: string; expression?: string[] }[] };
    expect(validated.issue[0]).toMatchObject({ severity: 'error', expression: ['Patient.gender'] });
  });

  it('answers an unknown resource type with 404 and an OperationOutcome', async () => {
    const unknown = await failure(client.read({ resourceType: 'Spaceship', id: '1' }));
    expect(unknown.status).toBe(404);
    expect(unknown.data.resourceType).toBe('OperationOutcome');
    expect((await failure(client.read({ resourceType: 'Patient', id: 'does-not-exist' }))).status).toBe(404);
  });

  it('validates without storing through $validate', async () => {
    const ok = await answer<{ issue: { severity: string }[] }>(client.operation({ resourceType: 'Patient', name: '$validate', input: { resourceType: 'Patient', gender: 'male' } }));
    expect(ok.issue[0]?.severity).toBe('information');
    const bad = (await client.operation({ resourceType: 'Patient', name: '$validate', input: { resourceType: 'Patient', active: 'yes' } })) as unknown as { issue: { severity: string; expression?: string[] }[] };
    expect(bad.issue[0]).toMatchObject({ severity: 'error', expression: ['Patient.active'] });
  });

  it('stores every single corpus resource that is valid R4', async () => {
    const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json'));
    const stored: string[] = [];
    const refused: string[] = [];
    for (const file of files) {
      const body = readCorpus(file);
      if (body.resourceType === 'Bundle') continue;
      try {
        await client.create({ resourceType: body.resourceType, body });
        stored.push(file);
      } catch (error) {
        refused.push(`${file}: ${(error as { response?: { status?: number } }).response?.status}`);
      }
    }
    expect(stored.length).toBeGreaterThan(30);
    expect(refused.every((r) => / 422$/.test(r))).toBe(true);
  });

  it('commits a transaction all-or-nothing and rewrites urn:uuid references to the new ids', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:0b6f4c6e-0000-4000-8000-000000000001', resource: { resourceType: 'Patient', name: [{ family: 'Nakamura' }] }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Observation', status: 'final', code: { text: 'weight' }, subject: { reference: 'urn:uuid:0b6f4c6e-0000-4000-8000-000000000001' } }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const response = await answer<{ type: string; entry: { response: { status: string; location: string } }[] }>(client.transaction({ body: bundle }));
    expect(response.type).toBe('transaction-response');
    const [patientLocation, observationLocation] = response.entry.map((e) => e.response.location);
    const observation = await answer<{ subject: { reference: string } }>(client.read({ resourceType: 'Observation', id: observationLocation?.split('/')[1] as string }));
    expect(observation.subject.reference).toBe(patientLocation?.split('/_history')[0]);

    const broken = { ...bundle, entry: [...bundle.entry, { resource: { resourceType: 'Patient', birthDate: 'not a date' }, request: { method: 'POST', url: 'Patient' } }] };
    const before = await answer<{ total: number }>(client.history({ resourceType: 'Patient' }));
    const failed = await failure(client.transaction({ body: broken }));
    expect(failed.status).toBe(422);
    const after = await answer<{ total: number }>(client.history({ resourceType: 'Patient' }));
    expect(after.total).toBe(before.total);
  });

  it('answers each entry of a batch on its own', async () => {
    const response = await answer<{ type: string; entry: { response: { status: string } }[] }>(
      client.batch({
        body: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { resource: { resourceType: 'Patient', name: [{ family: 'Okafor' }] }, request: { method: 'POST', url: 'Patient' } },
            { request: { method: 'GET', url: 'Patient/does-not-exist' } },
            { resource: { resourceType: 'Patient', active: 'yes' }, request: { method: 'POST', url: 'Patient' } },
          ],
        },
      }),
    );
    expect(response.type).toBe('batch-response');
    expect(response.entry.map((e) => e.response.status)).toEqual(['201 Created', '404', '422']);
  });

  it('takes entry URLs under its own base as relative ones, and answers a batch read or vread with the _elements asked for', async () => {
    const base = `${engine.url}fhir/R4`;
    await client.update({ resourceType: 'Patient', id: 'batch-abs', body: { resourceType: 'Patient', id: 'batch-abs', gender: 'male', name: [{ family: 'Dickens475' }] } });
    const response = await answer<{ entry: { response: { status: string }; resource?: Record<string, unknown> }[] }>(
      client.batch({
        body: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { request: { method: 'GET', url: `${base}/Patient/batch-abs` } },
            { request: { method: 'GET', url: 'Patient/batch-abs?_elements=gender' } },
            { request: { method: 'GET', url: 'Patient/batch-abs/_history/1?_elements=name' } },
            { resource: { resourceType: 'Patient', id: 'batch-abs', gender: 'female' }, request: { method: 'PUT', url: `${base}/Patient/batch-abs` } },
          ],
        },
      }),
    );
    expect(response.entry.map((e) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK', '200 OK']);
    expect(response.entry[0]?.resource).toMatchObject({ id: 'batch-abs', gender: 'male' });
    expect(response.entry[1]?.resource).toMatchObject({ id: 'batch-abs', gender: 'male', meta: { tag: [expect.objectContaining({ code: 'SUBSETTED' })] } });
    expect(response.entry[1]?.resource).not.toHaveProperty('name');
    expect(response.entry[2]?.resource).toMatchObject({ name: [{ family: 'Dickens475' }], meta: { versionId: '1' } });
    expect(response.entry[2]?.resource).not.toHaveProperty('gender');
    expect(((await client.read({ resourceType: 'Patient', id: 'batch-abs' })) as { gender?: string }).gender).toBe('female');
  });

  it('runs a bulk $export as an async job on the engine and serves its NDJSON', async () => {
    const kickOff = await fetch(`${engine.url}fhir/R4/$export?_type=Patient`, { headers: { Prefer: 'respond-async', Accept: 'application/fhir+json' } });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location') as string;
    let manifest: { output: { type: string; url: string; count: number }[] } | undefined;
    for (let i = 0; i < 200 && !manifest; i++) {
      const status = await fetch(statusUrl);
      if (status.status === 200) manifest = await status.json();
      else await new Promise((r) => setTimeout(r, 25));
    }
    const patients = manifest?.output.find((o) => o.type === 'Patient');
    expect(patients?.count).toBeGreaterThan(0);
    const ndjson = await (await fetch(patients?.url as string)).text();
    expect(ndjson.trim().split('\n')).toHaveLength(patients?.count as number);
  });

  it('refuses a transaction that writes one resource twice — two conditional updates with the same criteria — and stores nothing of it', async () => {
    const mrn = `DUP-${Date.now()}`;
    const update = (family: string) => ({
      resource: { resourceType: 'Patient', identifier: [{ system: 'urn:clinic:mrn', value: mrn }], name: [{ family }] },
      request: { method: 'PUT', url: `Patient?identifier=urn:clinic:mrn|${mrn}` },
    });
    const refused = await failure(client.transaction({ body: { resourceType: 'Bundle', type: 'transaction', entry: [update('First'), update('Second')] } }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain('entries 0 and 1 both write Patient?identifier=urn:clinic:mrn|');
    const found = await answer<{ total?: number; entry?: unknown[] }>(client.search({ resourceType: 'Patient', searchParams: { identifier: `urn:clinic:mrn|${mrn}` } }));
    expect(found.entry ?? []).toEqual([]);
  });

  it('applies conditional entries in a transaction: ifNoneExist, conditional update, conditional delete and search', async () => {
    const mrn = { system: 'urn:clinic:mrn', value: `TX-${Date.now()}` };
    const conditional = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:0b6f4c6e-0000-4000-8000-0000000000aa', resource: { resourceType: 'Patient', identifier: [mrn], name: [{ family: 'Kowalski' }] }, request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${mrn.system}|${mrn.value}` } },
        { resource: { resourceType: 'Observation', status: 'final', code: { text: 'note' }, subject: { reference: 'urn:uuid:0b6f4c6e-0000-4000-8000-0000000000aa' } }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const first = await answer<{ entry: { response: { status: string; location: string } }[] }>(client.transaction({ body: conditional }));
    const again = await answer<{ entry: { response: { status: string; location: string } }[] }>(client.transaction({ body: conditional }));
    expect(first.entry[0]?.response.status).toBe('201 Created');
    expect(again.entry[0]?.response.status).toBe('200 OK');
    const patientRef = first.entry[0]?.response.location.split('/_history')[0];
    expect(again.entry[0]?.response.location.split('/_history')[0]).toBe(patientRef);
    const secondObservation = await answer<{ subject: { reference: string } }>(client.read({ resourceType: 'Observation', id: again.entry[1]?.response.location.split('/')[1] as string }));
    expect(secondObservation.subject.reference).toBe(patientRef);

    const updateAndSearch = await answer<{ entry: { response: { status: string }; resource?: { total?: number } }[] }>(
      client.transaction({
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            { resource: { resourceType: 'Patient', identifier: [mrn], name: [{ family: 'Kowalska' }] }, request: { method: 'PUT', url: `Patient?identifier=${mrn.system}|${mrn.value}` } },
            { request: { method: 'GET', url: `Patient?identifier=${mrn.system}|${mrn.value}` } },
          ],
        },
      }),
    );
    expect(updateAndSearch.entry[0]?.response.status).toBe('200 OK');
    expect(updateAndSearch.entry[1]?.resource?.total).toBe(1);
    const removed = await answer<{ entry: { response: { status: string } }[] }>(
      client.transaction({ body: { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'DELETE', url: `Patient?identifier=${mrn.system}|${mrn.value}` } }] } }),
    );
    expect(removed.entry[0]?.response.status).toBe('204 No Content');
    expect((await failure(client.read({ resourceType: 'Patient', id: patientRef?.split('/')[1] as string }))).status).toBe(410);
  });
});
