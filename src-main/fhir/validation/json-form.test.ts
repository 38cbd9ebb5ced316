import { describe, expect, it } from 'vitest';
import { jsonFormIssues } from './json-form';

const paths = (resource: Record<string, unknown>) => jsonFormIssues(resource).map((i) => i.expression?.[0]);

describe('R4 JSON form rules', () => {
  it('names an empty array, as in the FHIR validator test case "coding": []', () => {
    expect(paths({ resourceType: 'Observation', status: 'final', code: { coding: [] } })).toEqual(['Observation.code.coding']);
    expect(paths({ resourceType: 'Patient', name: [{ family: 'Ng', given: [] }] })).toEqual(['Patient.name[0].given']);
  });

  it('names an empty object and an empty string, at any depth and in contained resources', () => {
    expect(paths({ resourceType: 'Patient', maritalStatus: {} })).toEqual(['Patient.maritalStatus']);
    expect(paths({ resourceType: 'Patient', identifier: [{ system: '', value: '1' }] })).toEqual(['Patient.identifier[0].system']);
    expect(paths({ resourceType: 'Patient', contained: [{ resourceType: 'Organization', alias: [''] }] })).toEqual(['Patient.contained[0].alias[0]']);
  });

  it('refuses a primitive’s _element that is not an object, or an array of objects and nulls for a repeating one', () => {
    expect(paths({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, _status: 'invalid' })).toEqual(['Observation.status']);
    expect(paths({ resourceType: 'Patient', name: [{ given: ['A', 'B'], _given: [null, 7] }] })).toEqual(['Patient.name[0].given[1]']);
    expect(paths({ resourceType: 'Patient', birthDate: '1970-01-01', _birthDate: { extension: [{ url: 'http://x', valueString: 'y' }] } })).toEqual([]);
    expect(paths({ resourceType: 'Patient', name: [{ family: 'X', _family: [{ id: 'a' }] }] })).toEqual(['Patient.name[0].family']);
    expect(paths({ resourceType: 'Patient', name: [{ given: ['A'], _given: { id: 'a' } }] })).toEqual(['Patient.name[0].given']);
  });

  it('refuses a contained or entry resource whose resourceType is not a string', () => {
    const bundle = JSON.parse('{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":{"toString":"x"}}}]}') as Record<string, unknown>;
    expect(paths(bundle)).toEqual(['Bundle.entry[0].resource.resourceType']);
  });

  it('refuses null outside primitive arrays and null that pads nothing', () => {
    expect(paths({ resourceType: 'Patient', gender: null })).toEqual(['Patient.gender']);
    expect(paths({ resourceType: 'Patient', name: [null] })).toEqual(['Patient.name[0]']);
    expect(paths({ resourceType: 'Patient', name: [{ given: ['Ada', null] }] })).toEqual(['Patient.name[0].given[1]']);
    expect(paths({ resourceType: 'Patient', name: [{ given: ['Ada', null], _given: [null, null] }] })).toEqual(['Patient.name[0].given[1]', 'Patient.name[0].given[1]']);
  });

  it('accepts null that aligns a primitive array with its extensions, and whitespace text', () => {
    const aligned = { resourceType: 'Patient', name: [{ given: ['Ada', null], _given: [null, { extension: [{ url: 'http://example.org/x', valueString: 'y' }] }] }] };
    expect(jsonFormIssues(aligned)).toEqual([]);
    expect(jsonFormIssues({ resourceType: 'Patient', name: [{ text: ' ' }], active: false, multipleBirthInteger: 0 })).toEqual([]);
  });

  it('answers structure errors with a message naming the JSON property', () => {
    expect(jsonFormIssues({ resourceType: 'Observation', category: [] })).toEqual([
      { severity: 'error', code: 'structure', details: { text: '"category" is an empty array; R4 JSON has no empty arrays: omit the element' }, expression: ['Observation.category'] },
    ]);
  });
});
