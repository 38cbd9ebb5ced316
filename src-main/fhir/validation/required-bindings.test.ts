import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { requiredBindingIssues } from './required-bindings';
import { createValueSetExpander } from '../terminology/value-set-expansion';

const GENDER_VS = 'http://hl7.org/fhir/ValueSet/administrative-gender';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
// A small stand-in for the R4 value sets: only these two expand, everything else is "cannot expand".
const expand = createValueSetExpander([
  { resourceType: 'ValueSet', url: GENDER_VS, status: 'active', compose: { include: [{ system: 'http://hl7.org/fhir/administrative-gender', concept: [{ code: 'male' }, { code: 'female' }, { code: 'other' }, { code: 'unknown' }] }] } },
  { resourceType: 'ValueSet', url: 'http://hl7.org/fhir/ValueSet/allergyintolerance-clinical', status: 'active', compose: { include: [{ system: CLINICAL, concept: [{ code: 'active' }, { code: 'inactive' }, { code: 'resolved' }] }] } },
]);
const issues = (resource: Record<string, unknown>) => requiredBindingIssues(resource as unknown as Resource, expand);

describe('required bindings', () => {
  beforeAll(() => ensureFhirDefinitions());

  it('names the element of a code outside its required value set', () => {
    expect(issues({ resourceType: 'Patient', gender: 'foo' })).toEqual([expect.objectContaining({ severity: 'error', code: 'code-invalid', expression: ['Patient.gender'] })]);
  });

  it('accepts a code in the value set, also when the primitive carries an extension', () => {
    expect(issues({ resourceType: 'Patient', gender: 'female' })).toEqual([]);
    expect(issues({ resourceType: 'Patient', gender: 'female', _gender: { extension: [{ url: 'urn:x', valueString: 'y' }] } })).toEqual([]);
  });

  it('accepts a CodeableConcept when any coding is in the value set and refuses one with none', () => {
    const allergy = (coding: unknown[]) => ({ resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/1' }, clinicalStatus: { coding } });
    expect(issues(allergy([{ system: 'urn:local', code: 'x' }, { system: CLINICAL, code: 'active' }]))).toEqual([]);
    expect(issues(allergy([{ system: CLINICAL, code: 'zzz' }]))).toEqual([expect.objectContaining({ code: 'code-invalid', expression: ['AllergyIntolerance.clinicalStatus'] })]);
    expect(issues(allergy([{ system: 'urn:wrong-system', code: 'active' }]))).toHaveLength(1);
  });

  it('reports a value set it cannot expand once per element as information, without judging the codes', () => {
    const found = issues({ resourceType: 'Patient', name: [{ use: 'bogus', family: 'A' }, { use: 'odd', family: 'B' }] });
    expect(found).toEqual([expect.objectContaining({ severity: 'information', code: 'not-supported', expression: ['Patient.name.use'] })]);
  });

  it('checks resources nested in a Bundle', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', gender: 'female' } }, { resource: { resourceType: 'Patient', gender: 'foo' } }] };
    expect(issues(bundle).filter((i) => i.severity === 'error').map((i) => i.expression)).toEqual([['Bundle.entry[1].resource.gender']]);
  });
});
