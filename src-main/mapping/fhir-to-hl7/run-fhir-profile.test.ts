import type { DiagnosticReport, Observation, Patient } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../hl7';
import { convertMessage } from '../convert';
import { DEFAULT_FHIR_PROFILES } from './default-fhir-profiles';
import type { FhirMappingProfileContent } from './fhir-profile';
import { FHIR_TRANSFORMS } from './fhir-transforms';
import { FHIR_ENGINE_TRANSFORMS, runFhirProfile, type FhirRunContext } from './run-fhir-profile';

const context: FhirRunContext = { controlId: 'CTRL|1', sendingApplication: 'INTEROP', sendingFacility: 'HOSP', receivingApplication: 'LEGACY', receivingFacility: 'LAB', now: new Date('2024-05-01T10:30:00Z') };
const [patientProfile, reportProfile] = DEFAULT_FHIR_PROFILES as [FhirMappingProfileContent, FhirMappingProfileContent];
const patient: Patient = { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:oid:1.2.3', value: 'MRN-1' }], name: [{ family: 'Smith', given: ['Ann'] }], gender: 'female', birthDate: '1980-02-03' };

describe('runFhirProfile', () => {
  it('builds the MSH from the context: applications, facilities, time, type, control id, P and 2.5.1', () => {
    const message = parse(runFhirProfile(patientProfile, patient, context).message);
    expect([3, 4, 5, 6, 7, 10, 11, 12].map((n) => message.get(`MSH-${n}`))).toEqual(['INTEROP', 'HOSP', 'LEGACY', 'LAB', '20240501103000+0000', 'CTRL|1', 'P', '2.5.1']);
    expect(message.getRaw('MSH-9')).toBe('ADT^A08^ADT_A01');
    expect(message.getRaw('MSH-10')).toBe('CTRL\\F\\1');
  });

  it('escapes delimiters in values, so a name holding | ^ ~ & \\ reads back unchanged', () => {
    const tricky: Patient = { ...patient, name: [{ family: 'O|Brien^~&\\x', given: ['Ann\nMarie'] }] };
    const out = runFhirProfile(patientProfile, tricky, context);
    expect(out.message.split('\r').filter(Boolean).map((s) => s.slice(0, 3))).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
    const back = convertMessage(parse(out.message))?.bundle.entry?.[0]?.resource as Patient;
    expect(back.name?.[0]).toMatchObject({ family: 'O|Brien^~&\\x', given: ['Ann\nMarie'] });
  });

  it('says in MSH-18 that the text is UTF-8 when a value is beyond ASCII', () => {
    const message = parse(runFhirProfile(patientProfile, { ...patient, name: [{ family: 'Müller' }] }, context).message);
    expect(message.get('MSH-18')).toBe('UNICODE UTF-8');
    expect(parse(runFhirProfile(patientProfile, patient, context).message).get('MSH-18')).toBe('');
  });

  it('writes one OBX per resolved result with set ids from 1, and reports a result it cannot resolve', () => {
    const observation = (id: string, value: number): Observation => ({ resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] }, valueQuantity: { value, unit: 'g/L' } });
    const report: DiagnosticReport = { resourceType: 'DiagnosticReport', status: 'final', code: { text: 'CBC' }, subject: { reference: 'Patient/p1' }, result: [{ reference: 'Observation/a' }, { reference: 'Observation/missing' }, { reference: 'Observation/b' }] };
    const out = runFhirProfile(reportProfile, report, { ...context, resources: [patient, observation('a', 1), observation('b', 2)] });
    const message = parse(out.message);
    expect(message.segments('OBX').map((obx) => [obx.get(1), obx.get(5)])).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
    expect(out.errors.map((e) => [e.ruleId, e.code])).toEqual([['obx', 'MAP_UNRESOLVED_REFERENCE']]);
  });

  it('writes an empty required PID and says so when the patient is not given', () => {
    const report: DiagnosticReport = { resourceType: 'DiagnosticReport', status: 'final', code: { text: 'CBC' }, subject: { reference: 'Patient/elsewhere' } };
    const out = runFhirProfile(reportProfile, report, context);
    expect(parse(out.message).segment('PID')?.toString()).toBe('PID|1');
    expect(out.errors.map((e) => e.code)).toEqual(['MAP_UNRESOLVED_REFERENCE', 'MAP_REQUIRED_SEGMENT']);
  });

  it('names the rule, source and target of a value a transform cannot write, and goes on', () => {
    const out = runFhirProfile(patientProfile, { ...patient, birthDate: 'not a date', gender: 'female' }, context);
    expect(out.errors).toEqual([{ ruleId: 'pid-birth-date', source: 'birthDate', target: 'PID-7', code: 'MAP_BAD_DATE', message: expect.any(String) as string }]);
    expect(parse(out.message).get('PID-8')).toBe('F');
  });

  it('reports a required rule that produced nothing, an unknown transform, a bad path and a rule for no segment', () => {
    const profile: FhirMappingProfileContent = {
      name: 'broken',
      resourceType: 'Patient',
      messageTypes: ['ADT^A08^ADT_A01'],
      segments: [{ key: 'pid', segment: 'PID' }],
      rules: [
        { id: 'needs-name', segment: 'pid', source: 'name[*].text', target: 'PID-5', required: true },
        { id: 'no-such', segment: 'pid', source: 'gender', target: 'PID-8', transform: 'no_such_transform' },
        { id: 'bad-path', segment: 'pid', source: 'name[', target: 'PID-5' },
        { id: 'other-segment', segment: 'pid', source: 'gender', target: 'OBX-5' },
        { id: 'orphan', segment: 'nowhere', source: 'gender', target: 'PID-8' },
      ],
    };
    expect(runFhirProfile(profile, patient, context).errors.map((e) => [e.ruleId, e.code])).toEqual([
      ['needs-name', 'MAP_REQUIRED_MISSING'],
      ['no-such', 'MAP_UNKNOWN_TRANSFORM'],
      ['bad-path', 'MAP_BAD_FHIR_PATH'],
      ['other-segment', 'MAP_BAD_TARGET'],
      ['orphan', 'MAP_UNKNOWN_SEGMENT'],
    ]);
  });

  it('writes the first message type for one the profile does not list, and says so', () => {
    const out = runFhirProfile(patientProfile, patient, { ...context, messageType: 'ADT^A01' });
    expect(parse(out.message).getRaw('MSH-9')).toBe('ADT^A08^ADT_A01');
    expect(out.errors.map((e) => e.code)).toEqual(['MAP_UNKNOWN_MESSAGE_TYPE']);
  });

  it('names only transforms that exist in the default profiles', () => {
    const known = new Set<string>([...FHIR_TRANSFORMS.map((t) => t.name), ...FHIR_ENGINE_TRANSFORMS]);
    const used = DEFAULT_FHIR_PROFILES.flatMap((p) => p.rules.flatMap((r) => (r.transform ? [r.transform] : [])));
    expect(used.filter((t) => !known.has(t))).toEqual([]);
  });

  it('never throws on random edits of the input, and what it writes always parses', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]), fc.array(fc.string(), { maxLength: 3 }));
    const report: DiagnosticReport = { resourceType: 'DiagnosticReport', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '1-1' }] }, subject: { reference: 'Patient/p1' }, result: [{ reference: 'Observation/o1' }] };
    const observation: Observation = { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'x' }, valueQuantity: { value: 1, unit: 'g', comparator: '<' }, referenceRange: [{ low: { value: 1 } }], note: [{ text: 'n' }] };
    const inputs = [patient, report, observation];
    const keysOf = (o: object): string[] => Object.keys(o);
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.array(fc.tuple(fc.nat(), leaf), { minLength: 1, maxLength: 4 }), (which, edits) => {
        const edited = inputs.map((r) => structuredClone(r) as unknown as Record<string, unknown>);
        const target = edited[which]!;
        for (const [at, value] of edits) {
          const keys = keysOf(target).filter((k) => k !== 'resourceType');
          target[keys[at % keys.length]!] = value;
        }
        for (const profile of DEFAULT_FHIR_PROFILES) {
          const out = runFhirProfile(profile, edited[which === 2 ? 1 : which], { ...context, resources: edited as never });
          expect(() => parse(out.message)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
  });
});
