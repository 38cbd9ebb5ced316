import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const PATCH_JSON = { 'content-type': 'application/json-patch+json' };

describe('Prefer: return= on writes (R4 http.html#ops) and handling= on search (search.html#errors)', () => {
  let engine: TempEngine;
  let base: string;
  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) => fetch(`${base}/${path}`, { method, headers, body: JSON.stringify(body) });
  const patient = (family: string): Patient => ({ resourceType: 'Patient', name: [{ family }] });
  const diagnostics = (said: OperationOutcome) => said.issue?.map((i) => i.diagnostics).join(' | ');
  const writeHeaders = (response: Response) => ({ etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified'), location: response.headers.get('location') });

  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
  }, 60_000);
  afterAll(() => engine.dispose());

  it('answers a create with the resource, no body, or an OperationOutcome as asked, with the same status and headers', async () => {
    const plain = await send('POST', 'Patient', patient('Adeyemi'), { ...FHIR_JSON, prefer: 'return=representation' });
    expect(plain.status).toBe(201);
    expect(await plain.json()).toMatchObject({ resourceType: 'Patient', name: [{ family: 'Adeyemi' }] });

    const minimal = await send('POST', 'Patient', patient('Brandt'), { ...FHIR_JSON, prefer: 'return=minimal, handling=strict' });
    expect(minimal.status).toBe(201);
    expect(await minimal.text()).toBe('');
    const headers = writeHeaders(minimal);
    expect(headers.location).toMatch(new RegExp(`^${base}/Patient/[^/]+/_history/1$`));
    expect(headers.etag).toBe('W/"1"');
    expect(headers.lastModified).not.toBeNull();

    const told = await send('POST', 'Patient', patient('Castillo'), { ...FHIR_JSON, prefer: 'return=OperationOutcome' });
    expect(told.status).toBe(201);
    expect(told.headers.get('location')).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
    const said = (await told.json()) as OperationOutcome;
    expect(said).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] });
    expect(diagnostics(said)).toMatch(/^Created Patient\/\S+ \(version 1\)/);
  });

  it('names the matched resource in Location when a conditional create finds it, so a return=minimal client learns its id', async () => {
    const body = { ...patient('Gallo'), identifier: [{ system: 'urn:test', value: 'prefer-match' }] };
    const ifNoneExist = { 'if-none-exist': 'identifier=urn:test|prefer-match' };
    const created = await send('POST', 'Patient', body, { ...FHIR_JSON, ...ifNoneExist });
    expect(created.status).toBe(201);
    const matched = await send('POST', 'Patient', body, { ...FHIR_JSON, ...ifNoneExist, prefer: 'return=minimal' });
    expect(matched.status).toBe(200);
    expect(await matched.text()).toBe('');
    expect(writeHeaders(matched)).toEqual(writeHeaders(created));
  });

  it('ignores an unknown return value and answers with the resource', async () => {
    const response = await send('POST', 'Patient', patient('Dlamini'), { ...FHIR_JSON, prefer: 'return=everything, respond-async' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ resourceType: 'Patient' });
  });

  it('honours return= on PUT, conditional PUT and PATCH', async () => {
    const put = await send('PUT', 'Patient/prefer-put', { ...patient('Eriksen'), id: 'prefer-put' }, { ...FHIR_JSON, prefer: 'return=minimal' });
    expect(put.status).toBe(201);
    expect(await put.text()).toBe('');
    expect(writeHeaders(put)).toMatchObject({ etag: 'W/"1"', location: `${base}/Patient/prefer-put/_history/1` });

    const update = await send('PUT', 'Patient/prefer-put', { ...patient('Eriksen-Lund'), id: 'prefer-put' }, { ...FHIR_JSON, prefer: 'return=OperationOutcome' });
    expect(update.status).toBe(200);
    expect(update.headers.get('etag')).toBe('W/"2"');
    expect(diagnostics((await update.json()) as OperationOutcome)).toContain('Updated Patient/prefer-put to version 2');

    const same = await send('PUT', 'Patient/prefer-put', { ...patient('Eriksen-Lund'), id: 'prefer-put' }, { ...FHIR_JSON, prefer: 'return=OperationOutcome' });
    expect(diagnostics((await same.json()) as OperationOutcome)).toContain('Patient/prefer-put is unchanged');

    const conditional = await send('PUT', 'Patient?identifier=urn:test|prefer-1', { ...patient('Fofana'), identifier: [{ system: 'urn:test', value: 'prefer-1' }] }, { ...FHIR_JSON, prefer: 'return=minimal' });
    expect(conditional.status).toBe(201);
    expect(await conditional.text()).toBe('');
    expect(conditional.headers.get('location')).toMatch(/\/Patient\/[^/]+\/_history\/1$/);

    const patched = await send('PATCH', 'Patient/prefer-put', [{ op: 'add', path: '/gender', value: 'female' }], { ...PATCH_JSON, prefer: 'return=minimal' });
    expect(patched.status).toBe(200);
    expect(await patched.text()).toBe('');
    expect(writeHeaders(patched)).toMatchObject({ etag: 'W/"3"', location: null });

    const patchTold = await send('PATCH', 'Patient?identifier=urn:test|prefer-1', [{ op: 'add', path: '/gender', value: 'male' }], { ...PATCH_JSON, prefer: 'return=OperationOutcome' });
    expect(patchTold.status).toBe(200);
    expect(diagnostics((await patchTold.json()) as OperationOutcome)).toMatch(/Updated Patient\/\S+ to version 2/);
    expect(((await (await fetch(`${base}/Patient/prefer-put`)).json()) as Patient).gender).toBe('female');
  });

  it('applies return= to each write entry of a batch, keeping status, location and etag, and leaves reads alone', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: patient('Gupta'), request: { method: 'POST', url: 'Patient' } },
        { resource: { ...patient('Haddad'), id: 'prefer-batch' }, request: { method: 'PUT', url: 'Patient/prefer-batch' } },
        { request: { method: 'GET', url: 'Patient/prefer-batch' } },
      ],
    };
    const minimal = (await (await send('POST', '', bundle, { ...FHIR_JSON, prefer: 'return=minimal' })).json()) as Bundle;
    expect(minimal.entry?.[0]).toEqual({ response: expect.objectContaining({ status: '201 Created', etag: 'W/"1"', location: expect.stringMatching(/^Patient\/[^/]+\/_history\/1$/) }) });
    expect(minimal.entry?.[1]?.resource).toBeUndefined();
    expect(minimal.entry?.[1]?.response).toMatchObject({ status: '201 Created', location: 'Patient/prefer-batch/_history/1' });
    expect(minimal.entry?.[2]?.resource).toMatchObject({ resourceType: 'Patient', id: 'prefer-batch' });

    const told = (await (await send('POST', '', { ...bundle, type: 'transaction', entry: [bundle.entry?.[0], { ...bundle.entry?.[1], resource: { ...patient('Haddad-Nasser'), id: 'prefer-batch' } }] }, { ...FHIR_JSON, prefer: 'return=OperationOutcome' })).json()) as Bundle;
    expect(told.type).toBe('transaction-response');
    expect(told.entry?.every((e) => e.resource === undefined)).toBe(true);
    expect(diagnostics(told.entry?.[0]?.response?.outcome as OperationOutcome)).toMatch(/^Created Patient\//);
    expect(told.entry?.[1]?.response).toMatchObject({ status: '200 OK', etag: 'W/"2"' });
    expect(diagnostics(told.entry?.[1]?.response?.outcome as OperationOutcome)).toContain('The update of Patient/prefer-batch succeeded: its current version is 2');
  });

  describe('a search with an unknown parameter', () => {
    const query = 'Patient?family=Zhou&favourite-colour=blue&_count=5';
    beforeAll(async () => {
      await send('POST', 'Patient', patient('Zhou'), FHIR_JSON);
      await send('POST', 'Patient', patient('Ivanova'), FHIR_JSON);
    });

    it('is refused with 400 by default and under handling=strict', async () => {
      for (const headers of [{}, { prefer: 'handling=strict' }] as Record<string, string>[]) {
        const refused = await fetch(`${base}/${query}`, { headers });
        expect(refused.status).toBe(400);
        expect(diagnostics((await refused.json()) as OperationOutcome)).toContain('favourite-colour');
      }
    });

    it('is answered under handling=lenient, naming the ignored parameter and leaving it out of the self link', async () => {
      const response = await fetch(`${base}/${query}`, { headers: { prefer: 'return=minimal; x=1, handling=lenient' } });
      expect(response.status).toBe(200);
      const found = (await response.json()) as Bundle;
      const matches = found.entry?.filter((e) => e.search?.mode === 'match') ?? [];
      expect(matches.map((e) => (e.resource as Patient).name?.[0]?.family)).toEqual(['Zhou']);
      const notes = found.entry?.filter((e) => e.search?.mode === 'outcome') ?? [];
      expect(notes).toHaveLength(1);
      expect(notes[0]?.resource).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'not-supported' }] });
      expect(diagnostics(notes[0]?.resource as OperationOutcome)).toContain('favourite-colour');
      expect(found.link?.find((l) => l.relation === 'self')?.url).toBe(`${base}/Patient?family=Zhou&_count=5&_offset=0`);
    });

    it('still refuses an invalid value of a known parameter under handling=lenient', async () => {
      expect((await fetch(`${base}/Patient?birthdate=last-tuesday`, { headers: { prefer: 'handling=lenient' } })).status).toBe(400);
    });
  });
});
