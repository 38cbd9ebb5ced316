import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

type Entry = { resource: { resourceType: string; id: string; issue?: { severity: string; code: string }[] }; search: { mode: string } };
type Searchset = { total: number; entry?: Entry[] };

const PATIENT = 'urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e01';
const CLAIM = 'urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e02';
const ENCOUNTER = 'urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e03';
const ORGANIZATION = 'urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e04';
const COVERAGE = 'urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e05';

const post = (fullUrl: string, resource: Record<string, unknown>) => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
const claimType = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] };
const insurance = { sequence: 1, focal: true, coverage: { reference: COVERAGE } };

/** A patient with a Claim and its ExplanationOfBenefit (which names the patient only through `patient`), and an Encounter with two Observations. */
const bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    post(PATIENT, { resourceType: 'Patient', name: [{ family: 'Iterate' }] }),
    post(ORGANIZATION, { resourceType: 'Organization', name: 'Payer' }),
    post(COVERAGE, { resourceType: 'Coverage', status: 'active', beneficiary: { reference: PATIENT }, payor: [{ reference: ORGANIZATION }] }),
    post(CLAIM, {
      resourceType: 'Claim', status: 'active', type: claimType, use: 'claim', patient: { reference: PATIENT }, created: '2026-01-10',
      provider: { reference: ORGANIZATION }, priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] }, insurance: [insurance],
    }),
    post('urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e06', {
      resourceType: 'ExplanationOfBenefit', status: 'active', type: claimType, use: 'claim', patient: { reference: PATIENT }, created: '2026-01-11',
      insurer: { reference: ORGANIZATION }, provider: { reference: ORGANIZATION }, claim: { reference: CLAIM }, outcome: 'complete', insurance: [{ focal: true, coverage: { reference: COVERAGE } }],
    }),
    post(ENCOUNTER, { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: PATIENT } }),
    ...['first', 'second'].map((text, i) =>
      post(`urn:uuid:6b1f2c0e-8d0a-4c1e-9f43-1a2b3c4d5e1${i}`, { resourceType: 'Observation', status: 'final', code: { text }, encounter: { reference: ENCOUNTER } }),
    ),
  ],
};

describe('_include:iterate and _revinclude:iterate follow references from included resources too', () => {
  let engine: TempEngine;
  let patientId: string;
  const search = async (query: string): Promise<Searchset> => {
    const response = await fetch(`${engine.url ?? ''}fhir/R4/${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Searchset;
  };
  /** `Type mode` per entry, sorted: what the page holds, and as what. */
  const holds = (page: Searchset) => (page.entry ?? []).map((e) => `${e.resource.resourceType} ${e.search.mode}`).sort();

  beforeAll(async () => {
    engine = await startTempEngine();
    const response = await fetch(`${engine.url ?? ''}fhir/R4`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const location = (JSON.parse(text) as { entry: { response: { location: string } }[] }).entry[0]?.response.location ?? '';
    patientId = location.split('/')[1] ?? '';
  }, 60_000);
  afterAll(() => engine.dispose());

  it('reaches the Patient from an ExplanationOfBenefit through its Claim, and follows only what the :iterate parameters name', async () => {
    const iterated = await search(`ExplanationOfBenefit?patient=${patientId}&_count=1&_include=ExplanationOfBenefit:claim&_include:iterate=Claim:patient`);
    expect(holds(iterated)).toEqual(['Claim include', 'ExplanationOfBenefit match', 'Patient include']);
    expect(iterated.entry?.find((e) => e.resource.resourceType === 'Patient')?.resource.id).toBe(patientId);
    const once = await search(`ExplanationOfBenefit?patient=${patientId}&_include=ExplanationOfBenefit:claim&_include:iterate=Encounter:patient`);
    expect(holds(once)).toEqual(['Claim include', 'ExplanationOfBenefit match']);
  });

  it('adds the Observations of the Encounters that refer to the Patient', async () => {
    const page = await search(`Patient?_id=${patientId}&_revinclude=Encounter:subject&_revinclude:iterate=Observation:encounter`);
    expect(holds(page)).toEqual(['Encounter include', 'Observation include', 'Observation include', 'Patient match']);
    const without = await search(`Patient?_id=${patientId}&_revinclude=Encounter:subject&_revinclude=Observation:encounter`);
    expect(holds(without)).toEqual(['Encounter include', 'Patient match']);
  });

  it('lists a resource reached along several paths once, and never a match again as an include', async () => {
    // The Patient both directly and through the Claim; the ExplanationOfBenefit again from the Claim.
    const page = await search(`ExplanationOfBenefit?patient=${patientId}&_include=ExplanationOfBenefit:patient&_include=ExplanationOfBenefit:claim&_include:iterate=Claim:patient&_revinclude:iterate=ExplanationOfBenefit:claim`);
    expect(holds(page)).toEqual(['Claim include', 'ExplanationOfBenefit match', 'Patient include']);
  });
});
