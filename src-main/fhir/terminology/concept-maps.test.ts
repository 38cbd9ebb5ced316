import { existsSync, readFileSync } from 'node:fs';
import type { Parameters } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { fhirAnswerOf } from '../outcome';
import { DEFAULT_SOURCE, GENERATED_FILE, generateConceptMapsModule, normalizeTable } from './concept-maps-generate';
import { bundledConceptMaps, conceptMapId, findConceptMap, translate } from './concept-maps';

const V2_0001 = 'http://terminology.hl7.org/CodeSystem/v2-0001';
const GENDER = 'http://hl7.org/fhir/administrative-gender';

const param = (result: Parameters, name: string) => result.parameter?.find((p) => p.name === name);
const matches = (result: Parameters) =>
  (result.parameter ?? []).filter((p) => p.name === 'match').map((m) => ({
    equivalence: m.part?.find((p) => p.name === 'equivalence')?.valueCode,
    concept: m.part?.find((p) => p.name === 'concept')?.valueCoding,
  }));

/** What a FHIR client would be answered for the failure. */
function thrown(action: () => unknown): ReturnType<typeof fhirAnswerOf> {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return fhirAnswerOf(error);
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('v2 table concept maps', () => {
  it('builds AdministrativeSex as a ConceptMap from v2-0001 to administrative-gender', () => {
    const map = findConceptMap('table-AdministrativeSex');
    expect(map).toMatchObject({
      resourceType: 'ConceptMap',
      url: 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/table-AdministrativeSex',
      sourceUri: 'http://terminology.hl7.org/ValueSet/v2-0001',
      targetUri: 'http://hl7.org/fhir/ValueSet/administrative-gender',
      status: 'active',
    });
    expect(map?.group).toHaveLength(1);
    expect(map?.group?.[0]).toMatchObject({ source: V2_0001, target: GENDER });
    expect(map?.group?.[0]?.element?.find((e) => e.code === 'F')).toEqual({ code: 'F', display: 'Female', target: [{ code: 'female', display: 'Female', equivalence: 'equivalent' }] });
  });

  it('gives every map a unique FHIR id and marks codes the guide leaves unmapped as unmatched', () => {
    const ids = bundledConceptMaps().map((map) => map.id ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9.-]{1,64}$/);
    expect(conceptMapId('AddressType[Use]')).toBe('table-AddressType-Use');
    const unmapped = findConceptMap('table-ParticipantOrganizationUnitType')?.group?.[0];
    expect(unmapped?.target).toBeUndefined();
    expect(unmapped?.element?.[0]?.target).toEqual([{ equivalence: 'unmatched' }]);
  });

  it('normalizes the misspelled table names some CSVs carry', () => {
    expect(normalizeTable('HL70001')).toBe('HL70001');
    expect(normalizeTable('HL7-0354')).toBe('HL70354');
    expect(normalizeTable('HL0207')).toBe('HL70207');
    expect(normalizeTable('')).toBeUndefined();
  });

  it.skipIf(!existsSync(DEFAULT_SOURCE))('keeps concept-maps-data.ts identical to what the generator writes from the CSVs', () => {
    expect(generateConceptMapsModule(DEFAULT_SOURCE)).toBe(readFileSync(GENERATED_FILE, 'utf8'));
  });
});

describe('translate', () => {
  it.each([
    ['F', 'female'],
    ['M', 'male'],
    ['A', 'other'],
    ['U', 'unknown'],
  ])('translates v2 sex %s to administrative gender %s', (code, gender) => {
    const result = translate({ system: V2_0001, code, targetsystem: GENDER });
    expect(param(result, 'result')?.valueBoolean).toBe(true);
    expect(matches(result)).toEqual([{ equivalence: 'equivalent', concept: { system: GENDER, code: gender, display: expect.any(String) } }]);
  });

  it('answers result false with a message for a code the map does not know', () => {
    const result = translate({ system: V2_0001, code: 'Z', targetsystem: GENDER });
    expect(param(result, 'result')?.valueBoolean).toBe(false);
    expect(param(result, 'message')?.valueString).toContain('Z');
    expect(matches(result)).toEqual([]);
  });

  it('finds the map by url and answers false when the target system is another one', () => {
    const url = 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/table-AdministrativeSex';
    expect(param(translate({ url, code: 'F' }), 'result')?.valueBoolean).toBe(true);
    expect(param(translate({ url, code: 'F', targetsystem: 'http://loinc.org' }), 'result')?.valueBoolean).toBe(false);
  });

  it('answers result false for codes the guide lists without a FHIR target', () => {
    const result = translate({ system: 'http://terminology.hl7.org/CodeSystem/v2-0406', code: 'H' });
    expect(param(result, 'result')?.valueBoolean).toBe(false);
  });

  it('collects matches from every map of a table when no target system is given', () => {
    const result = translate({ system: 'http://terminology.hl7.org/CodeSystem/v2-0004', code: 'I' });
    const systems = matches(result).map((m) => m.concept?.system);
    expect(systems).toEqual(expect.arrayContaining(['http://terminology.hl7.org/CodeSystem/v3-ActCode', 'http://hl7.org/fhir/encounter-status']));
  });

  it('refuses a missing code with 400 required and an unknown system or map with 404 not-found', () => {
    expect(thrown(() => translate({ system: V2_0001 }))).toMatchObject({ status: 400, outcome: { issue: [{ code: 'required' }] } });
    expect(thrown(() => translate({ code: 'F' }))).toMatchObject({ status: 400, outcome: { issue: [{ code: 'required' }] } });
    expect(thrown(() => translate({ system: 'http://example.org/none', code: 'F' }))).toMatchObject({ status: 404, outcome: { issue: [{ code: 'not-found' }] } });
    expect(thrown(() => translate({ url: 'http://example.org/ConceptMap/none', code: 'F' }))).toMatchObject({ status: 404 });
  });
});
