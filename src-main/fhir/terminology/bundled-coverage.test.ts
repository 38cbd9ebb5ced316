import { describe, expect, it } from 'vitest';
import { expandCoverage, lookupCoverage, translateCoverage, validateCodeCoverage } from './bundled-coverage';

const V2_0001 = 'http://terminology.hl7.org/CodeSystem/v2-0001';
const GENDER = 'http://hl7.org/fhir/administrative-gender';
const LOINC = 'http://loinc.org';

describe('bundled coverage', () => {
  it('covers lookups and validations in bundled code systems only', () => {
    expect(lookupCoverage({ system: GENDER, code: 'female' })).toEqual({ bundled: true });
    expect(lookupCoverage({ system: LOINC, code: '718-7' })).toEqual({ bundled: false, missing: `code system ${LOINC}` });
    expect(lookupCoverage({ code: 'x' })).toMatchObject({ bundled: false });
    expect(validateCodeCoverage('CodeSystem', { url: V2_0001, code: 'F' })).toEqual({ bundled: true });
    expect(validateCodeCoverage('CodeSystem', { system: LOINC, code: '718-7' })).toMatchObject({ bundled: false });
  });

  it('covers value set operations by the value set url', () => {
    expect(validateCodeCoverage('ValueSet', { url: 'http://hl7.org/fhir/ValueSet/ucum-units', code: 'kg' })).toEqual({ bundled: true });
    expect(validateCodeCoverage('ValueSet', { url: 'http://loinc.org/vs', code: '718-7' })).toEqual({ bundled: false, missing: 'value set http://loinc.org/vs' });
    expect(validateCodeCoverage('ValueSet', { system: GENDER, code: 'male' })).toEqual({ bundled: true });
    expect(expandCoverage({ url: 'http://hl7.org/fhir/ValueSet/observation-category' })).toEqual({ bundled: true });
    expect(expandCoverage({ url: 'http://snomed.info/sct?fhir_vs' })).toMatchObject({ bundled: false });
  });

  it('covers translations by map id or url, or by a map from the source system to the target system', () => {
    expect(translateCoverage({ code: 'F' }, 'table-AdministrativeSex')).toEqual({ bundled: true });
    expect(translateCoverage({ code: 'F' }, 'loinc-to-snomed')).toEqual({ bundled: false, missing: 'concept map loinc-to-snomed' });
    expect(translateCoverage({ url: 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/table-AdministrativeSex', code: 'F' })).toEqual({ bundled: true });
    expect(translateCoverage({ system: V2_0001, code: 'F', targetsystem: GENDER })).toEqual({ bundled: true });
    expect(translateCoverage({ system: V2_0001, code: 'F', targetsystem: 'http://snomed.info/sct' })).toEqual({
      bundled: false,
      missing: `a concept map from ${V2_0001} to http://snomed.info/sct`,
    });
    expect(translateCoverage({ system: LOINC, code: '718-7' })).toMatchObject({ bundled: false });
  });
});
