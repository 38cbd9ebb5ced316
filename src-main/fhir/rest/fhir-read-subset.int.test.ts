import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

/** A blood pressure panel with a note (note is not a summary element of Observation). */
const bloodPressure = {
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
  component: [{ code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 90, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } }],
  note: [{ text: 'taken seated' }],
};

describe('_summary and _elements on read and vread', () => {
  let engine: TempEngine;
  let base: string;
  let id: string;
  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
    const created = await fetch(`${base}/Observation`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bloodPressure) });
    id = ((await created.json()) as { id: string }).id;
  }, 60_000);
  afterAll(() => engine.dispose());

  const get = async (path: string) => {
    const response = await fetch(`${base}/${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { meta?: { tag?: unknown[] } } };
  };

  it('answers a read with _summary=true with the summary elements only, tagged SUBSETTED', async () => {
    const { status, body } = await get(`Observation/${id}?_summary=true`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'final', code: bloodPressure.code, component: bloodPressure.component });
    expect(body).not.toHaveProperty('note');
    expect(body.meta?.tag).toContainEqual(SUBSETTED);
  });

  it('answers a read and a vread with _elements with the named elements only, tagged SUBSETTED', async () => {
    for (const path of [`Observation/${id}?_elements=status`, `Observation/${id}/_history/1?_elements=status`]) {
      const { status, body } = await get(path);
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['id', 'meta', 'resourceType', 'status']);
      expect(body.meta?.tag).toContainEqual(SUBSETTED);
    }
  });

  it('answers a plain read whole, without the SUBSETTED tag', async () => {
    const { body } = await get(`Observation/${id}`);
    expect(body.note).toEqual(bloodPressure.note);
    expect(body.meta?.tag).toBeUndefined();
  });

  it('refuses an unknown _summary value with 400 and an OperationOutcome', async () => {
    const { status, body } = await get(`Observation/${id}?_summary=brief`);
    expect(status).toBe(400);
    expect(body.resourceType).toBe('OperationOutcome');
  });
});
