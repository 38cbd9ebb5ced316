import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const corpusDir = resolve(import.meta.dirname, '../../../../shared/corpus/fhir');
const readCorpus = (file: string) => JSON.parse(readFileSync(join(corpusDir, file), 'utf8').replace(/^\uFEFF/, ''));
type Searchset = { total: number; entry?: { resource: { id: string; resourceType: string }; search: { mode: string } }[]; link: { relation: string; url: string }[] };

describe('FHIR search through fhir-kit-client', () => {
  let engine: TempEngine;
  let client: Client;
  const search = async (resourceType: string, searchParams: Record<string, string | string[]>) => (await client.search({ resourceType, searchParams })) as unknown as Searchset;
  const ids = (bundle: Searchset) => (bundle.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => e.resource.id).sort();
  let patientId: string;

  beforeAll(async () => {
    engine = await startTempEngine();
    client = new Client({ baseUrl: `${engine.url}fhir/R4` });
    const patient = (await client.create({ resourceType: 'Patient', body: readCorpus('msfs_Patient-f001.json') })) as unknown as { id: string };
    patientId = patient.id;
    for (const [family, birthDate, gender] of [['Smith', '1970-03-14', 'male'], ['Smyth', '1985-11-02', 'female'], ['Jones', '1985-01-20', 'female']] as const) {
      await client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family, given: ['Alex'] }], birthDate, gender, identifier: [{ system: 'urn:clinic:mrn', value: `MRN-${family}` }] } });
    }
    for (const [code, value, date] of [['29463-7', 70, '2026-01-10'], ['29463-7', 72, '2026-02-10'], ['8867-4', 60, '2026-02-11']] as const) {
      await client.create({
        resourceType: 'Observation',
        body: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, subject: { reference: `Patient/${patientId}` }, effectiveDateTime: date, valueQuantity: { value, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } },
      });
    }
  }, 60_000);
  afterAll(() => engine.dispose());

  it('finds patients by family (prefix, case-insensitive), :exact, gender, birthdate prefixes and identifier', async () => {
    expect((await search('Patient', { family: 'sm' })).total).toBe(2);
    expect((await search('Patient', { 'family:exact': 'Smith' })).total).toBe(1);
    expect((await search('Patient', { gender: 'female', birthdate: 'ge1985-01-01' })).total).toBe(2);
    expect((await search('Patient', { birthdate: '1985-11' })).total).toBe(1);
    expect((await search('Patient', { identifier: 'urn:clinic:mrn|MRN-Jones' })).total).toBe(1);
  });

  it('finds observations by patient, code with system, date range and quantity, and chains through patient.identifier', async () => {
    expect((await search('Observation', { patient: patientId })).total).toBe(3);
    expect((await search('Observation', { subject: `${engine.url}fhir/R4/Patient/${patientId}` })).total).toBe(3);
    expect((await search('Observation', { code: 'http://loinc.org|29463-7', date: 'ge2026-02-01' })).total).toBe(1);
    expect((await search('Observation', { 'value-quantity': 'gt71|http://unitsofmeasure.org|kg' })).total).toBe(1);
    const mrn = readCorpus('msfs_Patient-f001.json').identifier[0];
    expect((await search('Observation', { 'patient.identifier': `${mrn.system}|${mrn.value}` })).total).toBe(3);
  });

  it('finds observations by code and value together (code-value-quantity), each value of the OR on one observation', async () => {
    expect((await search('Observation', { 'code-value-quantity': '29463-7$gt71' })).total).toBe(1);
    expect((await search('Observation', { 'code-value-quantity': 'http://loinc.org|8867-4$gt71' })).total).toBe(0);
    expect((await search('Observation', { 'code-value-quantity': '29463-7$lt71|http://unitsofmeasure.org|kg,8867-4$le60' })).total).toBe(2);
    await expect(search('Observation', { 'component-code-value-quantity': '8480-6$gt100' })).rejects.toMatchObject({ response: { status: 400 } });
  });

  it('finds canonical URLs below and above a given one (uri :below, :above); token :below stays refused', async () => {
    for (const url of ['http://acme.org/fhir/ValueSet/blood-groups', 'http://other.org/ValueSet/colours']) {
      await client.create({ resourceType: 'ValueSet', body: { resourceType: 'ValueSet', url, status: 'active' } });
    }
    const urls = async (params: Record<string, string>) => ((await client.search({ resourceType: 'ValueSet', searchParams: params })) as unknown as { entry?: { resource: { url: string } }[] }).entry?.map((e) => e.resource.url) ?? [];
    expect(await urls({ 'url:below': 'http://acme.org/fhir' })).toEqual(['http://acme.org/fhir/ValueSet/blood-groups']);
    expect(await urls({ 'url:below': 'http://acme.org/fhir/ValueSet/b' })).toEqual(['http://acme.org/fhir/ValueSet/blood-groups']);
    expect(await urls({ 'url:below': 'http://acme.org/fhir/CodeSystem' })).toEqual([]);
    expect(await urls({ 'url:above': 'http://other.org/ValueSet/colours/_history/2' })).toEqual(['http://other.org/ValueSet/colours']);
    expect(await urls({ url: 'http://other.org/ValueSet' })).toEqual([]);
    await expect(search('Observation', { 'code:below': 'http://loinc.org|29463' })).rejects.toMatchObject({ response: { status: 400 } });
  });

  it('finds patients by what refers to them (_has), and no longer once that resource is deleted', async () => {
    expect(ids(await search('Patient', { '_has:Observation:patient:code': '8867-4' }))).toEqual([patientId]);
    expect(ids(await search('Patient', { '_has:Observation:subject:value-quantity': 'gt71', gender: 'male' }))).toEqual([patientId]);
    expect((await search('Patient', { '_has:Observation:patient:code': '0000-0' })).total).toBe(0);
    const ruled = (await client.create({ resourceType: 'Observation', body: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '1111-1' }] }, subject: { reference: `Patient/${patientId}` } } })) as unknown as { id: string };
    expect(ids(await search('Patient', { '_has:Observation:patient:code': 'http://loinc.org|1111-1' }))).toEqual([patientId]);
    await client.delete({ resourceType: 'Observation', id: ruled.id });
    expect((await search('Patient', { '_has:Observation:patient:code': 'http://loinc.org|1111-1' })).total).toBe(0);
  });

  it('sorts, pages with stable next links, counts, and includes the referenced patient', async () => {
    const first = await search('Observation', { _sort: '-date', _count: '2' });
    expect(first.total).toBe(3);
    expect(first.entry).toHaveLength(2);
    const next = first.link.find((l) => l.relation === 'next')?.url as string;
    const second = (await client.request(next.replace(`${engine.url}fhir/R4/`, ''))) as unknown as Searchset;
    expect(second.entry).toHaveLength(1);
    expect((await search('Observation', { _summary: 'count' })).entry).toBeUndefined();
    const withPatient = await search('Observation', { _id: ids(first)[0] as string, _include: 'Observation:subject' });
    expect(withPatient.entry?.map((e) => [e.resource.resourceType, e.search.mode])).toEqual([
      ['Observation', 'match'],
      ['Patient', 'include'],
    ]);
  });

  it('subsets results with _summary=true|text|data, and _count=0 gives the total with no next link', async () => {
    await client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Kim Summary</div>' }, name: [{ family: 'Summaryson' }], contact: [{ name: { family: 'Next' } }], maritalStatus: { text: 'M' } } });
    const only = async (summary: string) => (await search('Patient', { family: 'Summaryson', _summary: summary })).entry?.[0]?.resource as unknown as Record<string, unknown> & { meta: { tag: { code: string }[] } };
    const summary = await only('true');
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['name']));
    expect(summary).not.toHaveProperty('contact');
    expect(summary).not.toHaveProperty('maritalStatus');
    expect(summary.meta.tag.map((t) => t.code)).toContain('SUBSETTED');
    expect(Object.keys(await only('text')).sort()).toEqual(['id', 'meta', 'resourceType', 'text']);
    const data = await only('data');
    expect(data).not.toHaveProperty('text');
    expect(data).toHaveProperty('contact');
    const countOnly = await search('Patient', { _count: '0' });
    expect(countOnly.total).toBeGreaterThan(0);
    expect(countOnly.entry ?? []).toHaveLength(0);
    expect(countOnly.link.map((l) => l.relation)).toEqual(['self']);
    const countOnlyLater = await search('Patient', { _count: '0', _offset: '2' });
    expect(countOnlyLater.entry ?? []).toHaveLength(0);
    expect(countOnlyLater.link.map((l) => l.relation)).toEqual(['self']);
  });

  it('answers an unknown search parameter with 400 and an OperationOutcome', async () => {
    try {
      await search('Patient', { shoe_size: '42' });
      throw new Error('expected 400');
    } catch (error) {
      const response = (error as { response: { status: number; data: { resourceType: string } } }).response;
      expect(response.status).toBe(400);
      expect(response.data.resourceType).toBe('OperationOutcome');
    }
  });

  it('refuses a POST _search whose criteria are not a form with 415, rather than dropping them', async () => {
    const post = async (contentType: string, body: string) => {
      const response = await fetch(`${engine.url}fhir/R4/Patient/_search`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
      return { status: response.status, body: (await response.json()) as { resourceType: string; issue: { code: string; diagnostics: string }[] } };
    };
    for (const [contentType, body] of [['application/fhir+json', '{"family":"Smith"}'], ['text/plain', 'family=Smith']]) {
      const answer = await post(contentType, body);
      expect(answer.status).toBe(415);
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(answer.body.issue[0]).toMatchObject({ code: 'not-supported', diagnostics: 'Send the search parameters as application/x-www-form-urlencoded' });
    }
    const form = await post('application/x-www-form-urlencoded', 'family:exact=Smith');
    expect(form.status).toBe(200);
  });

  it('creates once under If-None-Exist, however often it is sent', async () => {
    const body = { resourceType: 'Patient', identifier: [{ system: 'urn:clinic:mrn', value: 'ONCE-1' }] };
    const options = { headers: { 'If-None-Exist': 'identifier=urn:clinic:mrn|ONCE-1' } };
    const a = (await client.create({ resourceType: 'Patient', body, options })) as unknown as { id: string };
    const b = (await client.create({ resourceType: 'Patient', body, options })) as unknown as { id: string };
    expect(b.id).toBe(a.id);
    expect((await search('Patient', { identifier: 'urn:clinic:mrn|ONCE-1' })).total).toBe(1);
  });
});
