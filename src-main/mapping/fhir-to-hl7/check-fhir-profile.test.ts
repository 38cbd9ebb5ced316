import { describe, expect, it } from 'vitest';
import { fhirElementCheck } from '../../mapping-profiles/fhir-elements';
import { checkFhirProfile } from './check-fhir-profile';
import { DEFAULT_FHIR_PROFILES } from './default-fhir-profiles';
import type { FhirMappingProfileContent, FhirMappingRule } from './fhir-profile';

const patient = DEFAULT_FHIR_PROFILES.find((p) => p.resourceType === 'Patient') as FhirMappingProfileContent;
const withRule = (rule: FhirMappingRule): FhirMappingProfileContent => ({ ...patient, rules: [...patient.rules, rule] });
const issuesOf = (rule: FhirMappingRule) => checkFhirProfile(withRule(rule), fhirElementCheck);
const at = `rules[${patient.rules.length}]`;

describe('checkFhirProfile', () => {
  it('finds nothing wrong with the shipped profiles, their paths checked against the R4 definitions', () => {
    expect(DEFAULT_FHIR_PROFILES.map((p) => [p.name, checkFhirProfile(p, fhirElementCheck)])).toEqual(DEFAULT_FHIR_PROFILES.map((p) => [p.name, []]));
  }, 30_000);

  it('names the rule whose FHIR path is malformed, or names an element the resource does not have', () => {
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'name[', target: 'PID-5' }).map((i) => i.path)).toEqual([`${at}.source`]);
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'birthdate', target: 'PID-7', transform: 'date_from_iso' })).toEqual([{ path: `${at}.source`, message: 'Patient has no element birthdate' }]);
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'name[0].familly', target: 'PID-5.1' })).toEqual([{ path: `${at}.source`, message: 'HumanName has no element familly' }]);
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'deceasedDateTime', target: 'PID-29', transform: 'date_from_iso', condition: { path: 'telecom[usee=work]', op: 'exists' } }).map((i) => i.path)).toEqual([`${at}.condition.path`]);
  });

  it('names the rule whose HL7 target is malformed or outside its segment, and one naming no template', () => {
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'gender', target: 'PID8' }).map((i) => i.path)).toEqual([`${at}.target`]);
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'gender', target: 'PV1-2' })).toEqual([{ path: `${at}.target`, message: 'the rule fills a PID segment but targets PV1' }]);
    expect(issuesOf({ id: 'x', segment: 'nk1', source: 'gender', target: 'NK1-2' }).map((i) => i.path)).toEqual([`${at}.segment`]);
  });

  it('names the rule whose transform is unknown or lacks its arguments, and a duplicate rule id', () => {
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'gender', target: 'PID-8', transform: 'to_gender' }).map((i) => i.path)).toEqual([`${at}.transform`]);
    expect(issuesOf({ id: 'x', segment: 'pid', source: 'gender', target: 'PID-8', transform: 'code_to_v2', args: { map: 'NoSuchMap' } }).map((i) => i.path)).toEqual([`${at}.args`]);
    expect(issuesOf({ id: 'x', segment: 'pid', source: '', target: 'PID-8', transform: 'constant' }).map((i) => i.path)).toEqual([`${at}.args`]);
    expect(issuesOf({ ...(patient.rules[0] as FhirMappingRule) }).map((i) => i.path)).toEqual([`${at}.id`]);
  });

  it('checks only the shape of paths read from a referenced resource, whose type the profile does not fix', () => {
    const report = DEFAULT_FHIR_PROFILES.find((p) => p.resourceType === 'DiagnosticReport') as FhirMappingProfileContent;
    const rule: FhirMappingRule = { id: 'x', segment: 'obx', source: 'valueWhatever', target: 'OBX-5' };
    expect(checkFhirProfile({ ...report, rules: [...report.rules, rule] }, fhirElementCheck)).toEqual([]);
  });
});
