import type { Parameters } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { fhirAnswerOf } from '../outcome';
import { UCUM, expand, lookup, validateCode } from './code-systems';

const GENDER = 'http://hl7.org/fhir/administrative-gender';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const value = (result: Parameters, name: string) => {
  const p = result.parameter?.find((parameter) => parameter.name === name);
  return p?.valueBoolean ?? p?.valueString;
};

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

describe('$lookup', () => {
  it('answers the code system name and the display of a code', () => {
    expect(lookup({ system: GENDER, code: 'female' })).toEqual({
      resourceType: 'Parameters',
      parameter: [
        { name: 'name', valueString: 'AdministrativeGender' },
        { name: 'version', valueString: '4.0.1' },
        { name: 'display', valueString: 'Female' },
      ],
    });
    expect(value(lookup({ system: CATEGORY, code: 'vital-signs' }), 'display')).toBe('Vital Signs');
    expect(value(lookup({ system: UCUM, code: 'mm[Hg]' }), 'display')).toBe('millimeter of mercury');
    expect(value(lookup({ system: 'http://terminology.hl7.org/CodeSystem/v2-0001', code: 'A' }), 'display')).toBe('Ambiguous');
  });

  it('refuses a missing code with 400 and an unknown system or code with 404', () => {
    expect(thrown(() => lookup({ system: GENDER }))).toMatchObject({ status: 400, outcome: { issue: [{ code: 'required' }] } });
    expect(thrown(() => lookup({ system: 'http://example.org/cs', code: 'x' }))).toMatchObject({ status: 404, outcome: { issue: [{ code: 'not-found' }] } });
    expect(thrown(() => lookup({ system: GENDER, code: 'F' }))).toMatchObject({ status: 404 });
  });
});

describe('$validate-code', () => {
  it('accepts a code of the code system and gives its display', () => {
    const result = validateCode('CodeSystem', { url: CATEGORY, code: 'laboratory' });
    expect(value(result, 'result')).toBe(true);
    expect(value(result, 'display')).toBe('Laboratory');
  });

  it('checks codes against a value set url, case-sensitively for UCUM', () => {
    expect(value(validateCode('ValueSet', { url: 'http://hl7.org/fhir/ValueSet/ucum-units', system: UCUM, code: 'mg/dL' }), 'result')).toBe(true);
    const wrongCase = validateCode('ValueSet', { url: 'http://hl7.org/fhir/ValueSet/ucum-units', system: UCUM, code: 'MG/DL' });
    expect(value(wrongCase, 'result')).toBe(false);
    expect(value(wrongCase, 'message')).toContain('MG/DL');
  });

  it('answers false for a code from another system or a wrong display', () => {
    expect(value(validateCode('ValueSet', { url: 'http://hl7.org/fhir/ValueSet/administrative-gender', system: CATEGORY, code: 'male' }), 'result')).toBe(false);
    const wrongDisplay = validateCode('CodeSystem', { system: GENDER, code: 'male', display: 'Man' });
    expect(value(wrongDisplay, 'result')).toBe(false);
    expect(value(wrongDisplay, 'display')).toBe('Male');
  });

  it('refuses an unknown value set with 404', () => {
    expect(thrown(() => validateCode('ValueSet', { url: 'http://example.org/vs', code: 'x' }))).toMatchObject({ status: 404 });
  });
});

describe('$expand', () => {
  const timestamp = '2025-01-01T00:00:00.000Z';

  it('lists every code of a value set with total and timestamp', () => {
    const expansion = expand({ url: 'http://hl7.org/fhir/ValueSet/administrative-gender' }, timestamp).expansion;
    expect(expansion).toMatchObject({ timestamp, total: 4, offset: 0 });
    expect(expansion?.contains?.map((c) => c.code)).toEqual(['male', 'female', 'other', 'unknown']);
  });

  it('filters on code or display ignoring case and pages with count and offset', () => {
    const url = 'http://hl7.org/fhir/ValueSet/ucum-units';
    expect(expand({ url, filter: 'per liter' }, timestamp).expansion?.contains?.map((c) => c.code)).toEqual(['mmol/L', 'U/L', 'mEq/L']);
    const page = expand({ url, count: 2, offset: 3 }, timestamp).expansion;
    expect(page?.total).toBe(32);
    expect(page?.contains?.map((c) => c.code)).toEqual(['L', 'mL']);
    expect(page?.parameter).toEqual([{ name: 'count', valueInteger: 2 }, { name: 'offset', valueInteger: 3 }]);
  });

  it('expands a v2 table from the codes of its concept maps', () => {
    const expansion = expand({ url: 'http://terminology.hl7.org/ValueSet/v2-0001', filter: 'f' }, timestamp).expansion;
    expect(expansion?.contains).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0001', code: 'F', display: 'Female' }]);
  });
});
