import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';

const corpusDir = resolve(import.meta.dirname, '../../../../shared/corpus/fhir');
const readCorpus = (file: string) => JSON.parse(readFileSync(join(corpusDir, file), 'utf8').replace(/^\uFEFF/, ''));

describe('PATCH and conditional interactions', () => {
  let engine: TempEngine;
  let client: Client;
  let base: string;
  const fhirFetch = (path: string, init: RequestInit = {}) => fetch(`${base}/${path}`, { ...init, headers: { 'content-type': 'application/fhir+json', ...init.headers } });
  const create = async (patient: Patient) => (await client.create({ resourceType: 'Patient', body: patient as never })) as unknown as Patient;

  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
    client = new Client({ baseUrl: base });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('applies a JSON Patch from fhir-kit-client as a new version, and a failed test op changes nothing', async () => {
    const patient = await create({ resourceType: 'Patient', gender: 'male', name: [{ family: 'Okafor' }] });
    const patched = (await client.patch({ resourceType: 'Patient', id: patient.id as string, jsonPatch: [{ op: 'replace', path: '/gender', value: 'female' }, { op: 'add', path: '/birthDate', value: '1990-04-01' }] })) as unknown as Patient;
    expect(patched).toMatchObject({ gender: 'female', birthDate: '1990-04-01', meta: { versionId: '2' } });
    const refused = await failure(client.patch({ resourceType: 'Patient', id: patient.id as string, jsonPatch: [{ op: 'test', path: '/gender', value: 'male' }, { op: 'remove', path: '/name' }] }));
    expect(refused.status).toBe(422);
    expect(((await client.read({ resourceType: 'Patient', id: patient.id as string })) as unknown as Patient).meta?.versionId).toBe('2');
  });

  it('answers a patch in a media type it does not take (JSON Merge Patch) 415, naming the two it does', async () => {
    const patient = await create({ resourceType: 'Patient', gender: 'male' });
    for (const path of [`Patient/${patient.id}`, `Patient?_id=${patient.id}`]) {
      const refused = await fhirFetch(path, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ gender: 'female' }) });
      expect(refused.status, path).toBe(415);
      const said = (await refused.json()) as { resourceType: string; issue: { diagnostics: string }[] };
      expect(said.resourceType).toBe('OperationOutcome');
      expect(said.issue[0]?.diagnostics).toContain('application/json-patch+json');
    }
  });

  it('reads an If-None-Exist written as a URL (Type?criteria or [base]/Type?criteria, as some clients send it) as its criteria, by REST and in a transaction', async () => {
    const body = { resourceType: 'Patient', identifier: [{ system: 'urn:test:ine', value: 'url-1' }] };
    const created = await fhirFetch('Patient', { method: 'POST', headers: { 'if-none-exist': 'identifier=urn:test:ine|url-1' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as Patient).id;
    for (const header of ['Patient?identifier=urn:test:ine|url-1', `${base}/Patient?identifier=urn:test:ine|url-1`]) {
      const again = await fhirFetch('Patient', { method: 'POST', headers: { 'if-none-exist': header }, body: JSON.stringify(body) });
      expect(again.status, header).toBe(200);
      expect(((await again.json()) as Patient).id, header).toBe(id);
    }
    const transaction = (await client.transaction({
      body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: body, request: { method: 'POST', url: 'Patient', ifNoneExist: 'Patient?identifier=urn:test:ine|url-1' } }] } as never,
    })) as unknown as Bundle;
    expect(transaction.entry?.[0]?.response?.status).toBe('200 OK');
    expect(transaction.entry?.[0]?.response?.location).toContain(`Patient/${id}/`);
  });

  it('validates the patched result: a patch that breaks the resource is a 422 naming the element', async () => {
    const patient = await create({ resourceType: 'Patient', gender: 'male' });
    const refused = await failure(client.patch({ resourceType: 'Patient', id: patient.id as string, jsonPatch: [{ op: 'replace', path: '/gender', value: 42 }] }));
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.data)).toContain('Patient.gender');
  });

  it('applies a FHIRPath Patch, honours If-Match, and answers 404 for an unknown id', async () => {
    const patient = await create({ resourceType: 'Patient', gender: 'male' });
    const body = JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: 'replace' }, { name: 'path', valueString: 'Patient.gender' }, { name: 'value', valueCode: 'other' }] }] });
    expect((await fhirFetch(`Patient/${patient.id}`, { method: 'PATCH', body, headers: { 'if-match': 'W/"9"' } })).status).toBe(412);
    const ok = await fhirFetch(`Patient/${patient.id}`, { method: 'PATCH', body, headers: { 'if-match': 'W/"1"' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ gender: 'other', meta: { versionId: '2' } });
    expect((await fhirFetch('Patient/no-such-patient', { method: 'PATCH', body })).status).toBe(404);
    expect((await fhirFetch(`Patient/${patient.id}`, { method: 'PATCH', body: JSON.stringify({ resourceType: 'Patient' }) })).status).toBe(415);
  });

  it('runs the corpus FHIRPath Patch batch: the PUT and both patches succeed', async () => {
    const bundle = (await client.batch({ body: readCorpus('msfs_Bundle-FhirPatch.json') })) as unknown as Bundle;
    expect(bundle.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '200 OK', '200 OK']);
    const patient = (await client.read({ resourceType: 'Patient', id: '9F746C86-48B4-424D-9F92-1E46215E35D5' })) as unknown as Patient;
    expect(patient.gender).toBe('female');
    expect(JSON.stringify(patient.extension)).toContain('2054-5');
  });

  it('conditionally updates by search criteria: creates on no match, updates the one match, 412 on several', async () => {
    const searchParams = { identifier: 'urn:test:mrn|COND-1' };
    const body = { resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: 'COND-1' }], gender: 'male' };
    const first = (await client.update({ resourceType: 'Patient', searchParams, body: body as never })) as unknown as Patient;
    const second = (await client.update({ resourceType: 'Patient', searchParams, body: { ...body, gender: 'female' } as never })) as unknown as Patient;
    expect(second).toMatchObject({ id: first.id, gender: 'female', meta: { versionId: '2' } });
    await create({ resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: 'COND-1' }] });
    expect((await failure(client.update({ resourceType: 'Patient', searchParams, body: body as never }))).status).toBe(412);
    expect((await fhirFetch('Patient', { method: 'PUT', body: JSON.stringify(body) })).status).toBe(400);
  });

  it('conditionally deletes the one match, and a delete matching nothing is 204', async () => {
    const patient = await create({ resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: 'DEL-1' }] });
    expect((await fhirFetch('Patient?identifier=urn:test:mrn|DEL-1', { method: 'DELETE' })).status).toBe(204);
    expect((await failure(client.read({ resourceType: 'Patient', id: patient.id as string }))).status).toBe(410);
    expect((await fhirFetch('Patient?identifier=urn:test:mrn|DEL-1', { method: 'DELETE' })).status).toBe(204);
  });

  it('runs terminology operations and $validate inside a batch, and names an unknown operation', async () => {
    const bundle = (await client.batch({
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: 'CodeSystem/$lookup?system=http://hl7.org/fhir/administrative-gender&code=female' } },
          { request: { method: 'POST', url: 'ConceptMap/$translate' }, resource: { resourceType: 'Parameters', parameter: [{ name: 'system', valueUri: 'http://terminology.hl7.org/CodeSystem/v2-0001' }, { name: 'code', valueCode: 'F' }] } },
          { request: { method: 'POST', url: 'Patient/$validate' }, resource: { resourceType: 'Patient', birthDate: 'not a date' } },
          { request: { method: 'POST', url: 'Patient/$everything' } },
        ],
      } as never,
    })) as unknown as Bundle;
    const [lookup, translate, validate, unknown] = bundle.entry ?? [];
    expect(JSON.stringify(lookup?.resource)).toContain('Female');
    expect(JSON.stringify(translate?.resource)).toContain('female');
    expect(validate?.response?.status).toBe('200 OK');
    expect(JSON.stringify(validate?.resource)).toContain('Patient.birthDate');
    expect(unknown?.response?.status).toBe('400');
    expect(JSON.stringify(unknown?.response?.outcome)).toContain('Patient/$everything is not an operation');
  });

  it('answers a conditional read with 304 when the client holds the current version', async () => {
    const patient = await create({ resourceType: 'Patient', gender: 'male' });
    expect((await fhirFetch(`Patient/${patient.id}`, { headers: { 'if-none-match': 'W/"1"' } })).status).toBe(304);
    expect((await fhirFetch(`Patient/${patient.id}`, { headers: { 'if-none-match': 'W/"0"' } })).status).toBe(200);
    expect((await fhirFetch(`Patient/${patient.id}`, { headers: { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() } })).status).toBe(304);
    expect((await fhirFetch(`Patient/${patient.id}`, { headers: { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' } })).status).toBe(200);
  });
});
