import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';

const IPS_PATIENT = 'http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips';
type Body = { resourceType: string; [element: string]: unknown };
const fixture = (file: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../test/fixtures/fhir-ips', file), 'utf8')) as Body;
/** The IPS guide's own example Patient, which declares the IPS Patient profile. */
const ipsPatient = (): Body => {
  const { id: _id, ...patient } = fixture('Patient-66033.json');
  return patient;
};

interface Issue {
  severity: string;
  code: string;
  expression?: string[];
  diagnostics?: string;
  details?: { text?: string };
}
type Outcome = { resourceType: string; issue: Issue[] };

const errors = (outcome: Outcome) => outcome.issue.filter((i) => i.severity === 'error');

describe('required bindings and declared profiles through fhir-kit-client', () => {
  let engine: TempEngine;
  let client: Client;
  beforeAll(async () => {
    engine = await startTempEngine();
    client = new Client({ baseUrl: `${engine.url}fhir/R4` });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('refuses a code outside a required value set with 422 naming the element', async () => {
    const gender = await failure(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', gender: 'foo' } }));
    expect(gender.status).toBe(422);
    expect(gender.data.issue[0]).toMatchObject({ severity: 'error', code: 'code-invalid', expression: ['Patient.gender'] });

    const status = await failure(client.create({ resourceType: 'Observation', body: { resourceType: 'Observation', status: 'bogus', code: { text: 'weight' } } }));
    expect(status.status).toBe(422);
    expect(errors(status.data).map((i) => i.expression)).toEqual([['Observation.status']]);
  });

  it('refuses a CodeableConcept whose codings are all outside a required value set', async () => {
    const allergy = { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/x' }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'gone' }] } };
    const refused = await failure(client.create({ resourceType: 'AllergyIntolerance', body: allergy }));
    expect(refused.status).toBe(422);
    expect(refused.data.issue[0]?.expression).toEqual(['AllergyIntolerance.clinicalStatus']);
  });

  it('stores a valid IPS Patient that declares the IPS Patient profile', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: ipsPatient() })) as unknown as { id: string; meta: { profile: string[] } };
    expect(created.meta.profile).toEqual([IPS_PATIENT]);
    const validated = (await client.operation({ resourceType: 'Patient', name: '$validate', input: ipsPatient() })) as unknown as Outcome;
    expect(errors(validated)).toEqual([]);
  });

  it('refuses an IPS Patient without the birthDate the profile requires, though the base Patient allows it', async () => {
    const { birthDate: _birthDate, ...withoutBirthDate } = ipsPatient();
    const refused = await failure(client.create({ resourceType: 'Patient', body: withoutBirthDate }));
    expect(refused.status).toBe(422);
    expect(errors(refused.data)).toEqual([expect.objectContaining({ expression: ['Patient.birthDate'], details: { text: expect.stringContaining(IPS_PATIENT) } })]);
    const { meta: _meta, ...undeclared } = withoutBirthDate;
    await expect(client.create({ resourceType: 'Patient', body: undeclared })).resolves.toMatchObject({ resourceType: 'Patient' });
  });

  it('accepts a resource declaring an unknown profile and says so on $validate', async () => {
    const body = { resourceType: 'Patient', meta: { profile: ['http://example.org/fhir/StructureDefinition/local-patient'] }, name: [{ family: 'Tanaka' }] };
    await expect(client.create({ resourceType: 'Patient', body })).resolves.toMatchObject({ resourceType: 'Patient' });
    const validated = (await client.operation({ resourceType: 'Patient', name: '$validate', input: body })) as unknown as Outcome;
    expect(validated.issue).toEqual([expect.objectContaining({ severity: 'warning', code: 'not-supported', expression: ['Patient.meta.profile[0]'] })]);
    expect(validated.issue[0]?.diagnostics).toContain('is not known to this server; validated against the base resource');
  });

  it('validates against the profile named by $validate profile, as a Parameters part or in the query', async () => {
    const plain = { resourceType: 'Patient', name: [{ family: 'Tanaka' }] };
    const parameters = { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: plain }, { name: 'profile', valueCanonical: IPS_PATIENT }] };
    const byParameter = (await client.operation({ resourceType: 'Patient', name: '$validate', input: parameters })) as unknown as Outcome;
    expect(errors(byParameter).map((i) => i.expression)).toEqual([['Patient.birthDate']]);

    const byQuery = await fetch(`${engine.url}fhir/R4/Patient/$validate?profile=${encodeURIComponent(IPS_PATIENT)}`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ ...plain, birthDate: '1990-01-01' }) });
    expect(errors((await byQuery.json()) as Outcome)).toEqual([]);

    const unknown = (await client.operation({ resourceType: 'Patient', name: '$validate', input: { ...parameters, parameter: [parameters.parameter[0], { name: 'profile', valueCanonical: 'http://example.org/nope' }] } })) as unknown as Outcome;
    expect(errors(unknown)).toEqual([expect.objectContaining({ code: 'not-supported' })]);
  });

  it('validates other IPS examples against their declared profiles', async () => {
    const allergy = fixture('AllergyIntolerance-allergyintolerance-with-abatement.json');
    const validated = (await client.operation({ resourceType: 'AllergyIntolerance', name: '$validate', input: allergy })) as unknown as Outcome;
    expect(errors(validated)).toEqual([]);
    const invalid = (await client.operation({ resourceType: 'AllergyIntolerance', name: '$validate', input: { ...allergy, verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'maybe' }] } } })) as unknown as Outcome;
    expect(errors(invalid).map((i) => i.expression?.[0])).toContain('AllergyIntolerance.verificationStatus');
  });
});
