import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';

const V2_0001 = 'http://terminology.hl7.org/CodeSystem/v2-0001';
const GENDER = 'http://hl7.org/fhir/administrative-gender';

interface Parameters {
  resourceType: string;
  parameter: { name: string; valueBoolean?: boolean; valueString?: string; part?: { name: string; valueCode?: string; valueCoding?: { system: string; code: string } }[] }[];
}
const answer = async <T,>(request: Promise<unknown>): Promise<T> => (await request) as T;
const param = (result: Parameters, name: string) => result.parameter.find((p) => p.name === name);

describe('terminology through the engine, with fhir-kit-client', () => {
  let engine: TempEngine;
  let client: Client;
  let base: string;
  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
    client = new Client({ baseUrl: base });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('translates v2 sex F to female with GET $translate', async () => {
    const result = await answer<Parameters>(client.operation({ resourceType: 'ConceptMap', name: '$translate', method: 'GET', input: { system: V2_0001, code: 'F', targetsystem: GENDER } }));
    expect(param(result, 'result')?.valueBoolean).toBe(true);
    expect(param(result, 'match')?.part?.find((p) => p.name === 'concept')?.valueCoding).toMatchObject({ system: GENDER, code: 'female' });
  });

  it('translates with POST Parameters carrying a Coding, and on one map by id', async () => {
    const input = { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: V2_0001, code: 'M' } }, { name: 'targetsystem', valueUri: GENDER }] };
    const posted = await answer<Parameters>(client.operation({ resourceType: 'ConceptMap', name: '$translate', input }));
    expect(param(posted, 'match')?.part?.find((p) => p.name === 'concept')?.valueCoding?.code).toBe('male');
    const onMap = await answer<Parameters>(client.operation({ resourceType: 'ConceptMap', id: 'table-AdministrativeSex', name: '$translate', method: 'GET', input: { code: 'X' } }));
    expect(param(onMap, 'result')?.valueBoolean).toBe(false);
  });

  it('answers fhir+json, and ConceptMap reads come from the bundled maps, not the resource store', async () => {
    const response = await fetch(`${base}/ConceptMap/$translate?system=${encodeURIComponent(V2_0001)}&code=A`);
    expect(response.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(((await response.json()) as Parameters).resourceType).toBe('Parameters');
    const read = await fetch(`${base}/ConceptMap/table-AdministrativeSex`);
    expect(((await read.json()) as { resourceType: string }).resourceType).toBe('ConceptMap');
  });

  it('lists the bundled ConceptMaps as a searchset and reads one by id', async () => {
    const all = await answer<{ type: string; total: number }>(client.search({ resourceType: 'ConceptMap' }));
    expect(all).toMatchObject({ type: 'searchset' });
    expect(all.total).toBeGreaterThan(50);
    const byUrl = await answer<{ total: number; entry: { resource: { id: string } }[] }>(client.search({ resourceType: 'ConceptMap', searchParams: { url: 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/table-AdministrativeSex' } }));
    expect(byUrl.entry.map((e) => e.resource.id)).toEqual(['table-AdministrativeSex']);
    const read = await answer<{ resourceType: string; sourceUri: string }>(client.read({ resourceType: 'ConceptMap', id: 'table-AdministrativeSex' }));
    expect(read).toMatchObject({ resourceType: 'ConceptMap', sourceUri: 'http://terminology.hl7.org/ValueSet/v2-0001' });
    expect((await failure(client.read({ resourceType: 'ConceptMap', id: 'nope' }))).status).toBe(404);
  });

  it('looks up, validates and expands over GET and POST', async () => {
    const looked = await answer<Parameters>(client.operation({ resourceType: 'CodeSystem', name: '$lookup', method: 'GET', input: { system: GENDER, code: 'other' } }));
    expect(param(looked, 'display')?.valueString).toBe('Other');
    const validated = await answer<Parameters>(
      client.operation({ resourceType: 'ValueSet', name: '$validate-code', input: { resourceType: 'Parameters', parameter: [{ name: 'url', valueUri: 'http://hl7.org/fhir/ValueSet/ucum-units' }, { name: 'code', valueCode: 'kg/m2' }, { name: 'system', valueUri: 'http://unitsofmeasure.org' }] } }),
    );
    expect(param(validated, 'result')?.valueBoolean).toBe(true);
    const checked = await answer<Parameters>(client.operation({ resourceType: 'CodeSystem', name: '$validate-code', method: 'GET', input: { url: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'nope' } }));
    expect(param(checked, 'result')?.valueBoolean).toBe(false);
    const expanded = await answer<{ expansion: { total: number; contains: { code: string }[] } }>(
      client.operation({ resourceType: 'ValueSet', name: '$expand', method: 'GET', input: { url: 'http://hl7.org/fhir/ValueSet/observation-category', filter: 'lab', count: '5' } }),
    );
    expect(expanded.expansion.contains.map((c) => c.code)).toEqual(['laboratory']);
  });

  it('answers OperationOutcomes: 400 required for a missing code, 404 not-found for an unknown system saying a terminology server can be configured', async () => {
    const missing = await failure(client.operation({ resourceType: 'ConceptMap', name: '$translate', method: 'GET', input: { system: V2_0001 } }));
    expect(missing.status).toBe(400);
    expect(missing.data).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'required' }] });
    const unknown = await failure(client.operation({ resourceType: 'CodeSystem', name: '$lookup', method: 'GET', input: { system: 'http://example.org/cs', code: 'x' } }));
    expect(unknown.status).toBe(404);
    expect(unknown.data.issue[0]?.code).toBe('not-found');
    expect(unknown.data.issue[0]?.diagnostics).toContain('no terminology server is configured');
    const badCount = await failure(client.operation({ resourceType: 'ValueSet', name: '$expand', method: 'GET', input: { url: 'http://hl7.org/fhir/ValueSet/ucum-units', count: 'ten' } }));
    expect(badCount.status).toBe(400);
  });
});
