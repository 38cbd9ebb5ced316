import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

type Searchset = { resourceType: string; total: number; entry?: { resource: { id: string; resourceType: string } }[]; link: { relation: string; url: string }[] };
type Outcome = { resourceType: string; issue: { code: string; diagnostics: string }[] };

describe('compartment search (Patient/[id]/[type]) through fhir-kit-client', () => {
  let engine: TempEngine;
  let client: Client;
  let fhirBase: string;
  const ids: Record<string, string> = {};
  const created = async (body: Record<string, unknown>): Promise<string> => ((await client.create({ resourceType: body.resourceType as string, body: body as never })) as unknown as { id: string }).id;
  const observation = (code: string, subject: string, performer?: string) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: subject },
    ...(performer ? { performer: [{ reference: performer }] } : {}),
  });
  const inCompartment = async (id: string, resourceType: string, searchParams: Record<string, string> = {}) =>
    (await client.compartmentSearch({ resourceType, compartment: { resourceType: 'Patient', id }, searchParams })) as unknown as Searchset;
  const matchIds = (bundle: Searchset) => (bundle.entry ?? []).map((e) => e.resource.id).sort();
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${fhirBase}/${path}`, init);
    return { status: response.status, body: (await response.json()) as Searchset & Outcome };
  };

  beforeAll(async () => {
    engine = await startTempEngine();
    fhirBase = `${engine.url}fhir/R4`;
    client = new Client({ baseUrl: fhirBase });
    ids.anna = await created({ resourceType: 'Patient', name: [{ family: 'Anna' }] });
    ids.ben = await created({ resourceType: 'Patient', name: [{ family: 'Ben' }], link: [{ other: { reference: `Patient/${ids.anna}` }, type: 'seealso' }] });
    ids.own = await created(observation('29463-7', `Patient/${ids.anna}`));
    ids.performed = await created(observation('8867-4', `Patient/${ids.ben}`, `Patient/${ids.anna}`));
    ids.bens = await created(observation('29463-7', `Patient/${ids.ben}`));
    ids.visit = await created({ resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: `Patient/${ids.anna}` } });
  }, 60_000);
  afterAll(() => engine.dispose());

  it("finds what any of the compartment's parameters puts in it (Observation: subject or performer), narrowed by the criteria", async () => {
    const all = await inCompartment(ids.anna as string, 'Observation');
    expect(all.total).toBe(2);
    expect(matchIds(all)).toEqual([ids.own, ids.performed].sort());
    expect(matchIds(await inCompartment(ids.anna as string, 'Observation', { code: 'http://loinc.org|29463-7' }))).toEqual([ids.own]);
    expect(matchIds(await inCompartment(ids.ben as string, 'Observation'))).toEqual([ids.performed, ids.bens].sort());
    expect(matchIds(await inCompartment(ids.anna as string, 'Encounter'))).toEqual([ids.visit]);
    expect((await inCompartment('nobody', 'Observation')).total).toBe(0);
  });

  it('pages with links that stay in the compartment', async () => {
    const first = await inCompartment(ids.anna as string, 'Observation', { _count: '1' });
    expect(first.link.find((l) => l.relation === 'self')?.url).toMatch(new RegExp(`/fhir/R4/Patient/${ids.anna}/Observation\\?`));
    const next = first.link.find((l) => l.relation === 'next')?.url as string;
    expect(next).toContain(`/Patient/${ids.anna}/Observation?`);
    const second = (await (await fetch(next)).json()) as Searchset;
    expect(matchIds(second)).toHaveLength(1);
    expect([...matchIds(first), ...matchIds(second)].sort()).toEqual([ids.own, ids.performed].sort());
  });

  it('holds the Patient itself and the patients linked to it', async () => {
    expect(matchIds(await inCompartment(ids.anna as string, 'Patient'))).toEqual([ids.anna, ids.ben].sort());
    expect(matchIds(await inCompartment(ids.ben as string, 'Patient'))).toEqual([ids.ben]);
  });

  it('searches by POST _search with a form, and inside a batch', async () => {
    const posted = await get(`Patient/${ids.anna}/Observation/_search`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'code=8867-4' });
    expect(posted.status).toBe(200);
    expect(matchIds(posted.body)).toEqual([ids.performed]);
    const batch = (await client.batch({ body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: `Patient/${ids.anna}/Observation?code=29463-7` } }, { request: { method: 'GET', url: 'Encounter' } }] } })) as unknown as { entry: { resource: Searchset; response: { status: string } }[] };
    expect(batch.entry.map((e) => e.response.status)).toEqual(['200 OK', '200 OK']);
    expect(matchIds(batch.entry[0]?.resource as Searchset)).toEqual([ids.own]);
    expect(batch.entry[1]?.resource.total).toBe(1);
  });

  it('answers compartments and types it cannot search with an OperationOutcome naming why', async () => {
    const cases: [string, number, string, RegExp][] = [
      [`Patient/${ids.anna}/Organization`, 400, 'invalid', /No Organization is ever in a Patient's compartment/],
      [`Encounter/${ids.visit}/Observation`, 400, 'not-supported', /only the Patient compartment/],
      [`Observation/${ids.own}/Patient`, 404, 'not-supported', /Observation is not a compartment/],
      [`Patient/${ids.anna}/*`, 400, 'not-supported', /every type of a compartment/],
      [`Patient/${ids.anna}/Observation?shoe=42`, 400, 'invalid', /no search parameter "shoe"/],
      [`Patient/not_an_id/Observation`, 400, 'invalid', /not a FHIR id/],
    ];
    for (const [path, status, code, diagnostics] of cases) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status });
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(answer.body.issue[0]?.code).toBe(code);
      expect(answer.body.issue[0]?.diagnostics).toMatch(diagnostics);
    }
  });

  it('says in its CapabilityStatement that it searches the Patient compartment', async () => {
    const statement = (await client.capabilityStatement()) as unknown as { rest: { compartment?: string[] }[] };
    expect(statement.rest[0]?.compartment).toEqual(['http://hl7.org/fhir/CompartmentDefinition/patient']);
  });
});
