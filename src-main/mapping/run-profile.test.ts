import type { BundleEntry } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parse } from '../hl7';
import type { Hl7MappingProfileContent, MappingRule } from './profile';
import { messageSource, runProfile } from './run-profile';

const ORU = [
  'MSH|^~\\&|LAB|ACME LAB|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|CTRL1|P|2.5.1',
  'PID|1||MRN1^^^HOSP&1.2.3&ISO^MR~ALT9^^^OTHER&2.3.4&ISO^MR||DOE^JANE||19800102|F|||1 MAIN ST^^TOWN^ST^12345~2 SIDE ST^^CITY^ST^54321',
  'OBR|1|PL1|FL1^LAB|24331-1^Lipid panel^LN|||20240101080000',
  'NTE|1||Report note',
  'OBX|1|NM|2093-3^Cholesterol^LN||185|mg/dL^mg/dL^UCUM|<200|N|||F|||20240101090000',
  'NTE|1||First observation note',
  'OBX|2|NM|2571-8^Triglyceride^LN||bad|mg/dL|||||F',
  'OBX|3|ST|8251-1^Comment^LN||line one~line two||||||F',
  'OBR|2|PL2|FL2^LAB|57021-8^CBC^LN|||20240101100000',
  'OBX|1|SN|718-7^Hemoglobin^LN||>^13.5|g/dL|||||F',
].join('\r');

const rule = (id: string, resource: string, source: string, target: string, extra: Partial<MappingRule> = {}): MappingRule => ({ id, resource, source, target, ...extra });

const profile: Hl7MappingProfileContent = {
  name: 'test ORU',
  messageTypes: ['ORU^R01'],
  resources: [
    { key: 'patient', resourceType: 'Patient', identity: { mode: 'create' } },
    { key: 'report', resourceType: 'DiagnosticReport', each: 'ORDER_OBSERVATION', identity: { mode: 'update', compose: { system: 'urn:test:order', parts: ['MSH-4', 'OBR-3'] } } },
    { key: 'observation', resourceType: 'Observation', each: 'ORDER_OBSERVATION/OBSERVATION', when: { path: 'OBX-5', op: 'valued' }, identity: { mode: 'update' } },
  ],
  rules: [
    rule('pid', 'patient', 'PID-3[*]', 'identifier[+]', { transform: 'cx_to_identifier' }),
    rule('family', 'patient', 'PID-5.1', 'name[0].family'),
    rule('given', 'patient', 'PID-5.2', 'name[0].given[+]'),
    rule('city', 'patient', 'PID-11[*].3', 'address[*].city'),
    rule('code', 'report', 'OBR-4', 'code', { transform: 'cwe_to_codeable_concept', required: true }),
    rule('subject', 'report', '', 'subject', { transform: 'reference', args: { resource: 'patient' } }),
    rule('result', 'report', '', 'result[+]', { transform: 'references', args: { resource: 'observation' } }),
    rule('report-note', 'report', 'NTE-3', 'conclusion', { scope: 'own' }),
    rule('obs-code', 'observation', 'OBX-3', 'code', { transform: 'cwe_to_codeable_concept' }),
    rule('obs-status', 'observation', '', 'status', { transform: 'constant', args: { value: 'final' } }),
    rule('obs-number', 'observation', 'OBX-5', 'valueQuantity.value', { transform: 'nm_to_decimal', condition: { path: 'OBX-2', op: 'in', values: ['NM'] } }),
    rule('obs-unit', 'observation', 'OBX-6', 'valueQuantity', { transform: 'cwe_to_unit', condition: { path: 'OBX-2', op: 'in', values: ['NM'] } }),
    rule('obs-sn', 'observation', 'OBX-5', 'value[x]', { transform: 'sn_to_value', condition: { path: 'OBX-2', op: 'in', values: ['SN'] } }),
    rule('obs-text', 'observation', 'OBX-5[*]', 'valueString', { transform: 'ft_to_string', condition: { path: 'OBX-2', op: 'in', values: ['ST'] } }),
    rule('obs-note', 'observation', 'NTE-3', 'note[*].text', { scope: 'own' }),
    rule('obs-subject', 'observation', '', 'subject', { transform: 'reference', args: { resource: 'patient' } }),
  ],
};

const convert = (text = ORU, messageId?: string) => runProfile(profile, parse(text), { messageId, version: 3 });
const resources = (entries: BundleEntry[] | undefined, type: string) => (entries ?? []).filter((e) => e.resource?.resourceType === type);

describe('runProfile', () => {
  it('makes one resource per template occurrence: a patient, a report per OBR, an observation per valued OBX', () => {
    const { bundle, profile: ran } = convert();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(resources(bundle.entry, 'Patient')).toHaveLength(1);
    expect(resources(bundle.entry, 'DiagnosticReport')).toHaveLength(2);
    expect(resources(bundle.entry, 'Observation')).toHaveLength(4);
    expect(ran).toEqual({ name: 'test ORU', version: 3 });
  });

  it('fills repetitions, merges rules into one element, and writes one element per source repetition', () => {
    const patient = resources(convert().bundle.entry, 'Patient')[0]?.resource as unknown as Record<string, unknown>;
    expect(patient.identifier).toEqual([expect.objectContaining({ value: 'MRN1', system: 'urn:oid:1.2.3' }), expect.objectContaining({ value: 'ALT9', system: 'urn:oid:2.3.4' })]);
    expect(patient.name).toEqual([{ family: 'DOE', given: ['JANE'] }]);
    expect(patient.address).toEqual([{ city: 'TOWN' }, { city: 'CITY' }]);
  });

  it('links each report to its own observations and everything to the patient, by urn:uuid', () => {
    const entries = convert().bundle.entry ?? [];
    const patientUrl = resources(entries, 'Patient')[0]?.fullUrl;
    const [first, second] = resources(entries, 'DiagnosticReport');
    const observations = resources(entries, 'Observation');
    expect((first?.resource as { result: unknown[] }).result).toEqual(observations.slice(0, 3).map((o) => ({ reference: o.fullUrl })));
    expect((second?.resource as { result: unknown[] }).result).toEqual([{ reference: observations[3]?.fullUrl }]);
    for (const o of observations) expect((o.resource as { subject: unknown }).subject).toEqual({ reference: patientUrl });
  });

  it('reads notes only from their own group: the report NTE is the report’s, the first OBX’s NTE only the first observation’s', () => {
    const entries = convert().bundle.entry ?? [];
    expect((resources(entries, 'DiagnosticReport')[0]?.resource as { conclusion?: string }).conclusion).toBe('Report note');
    const notes = resources(entries, 'Observation').map((o) => (o.resource as { note?: unknown }).note);
    expect(notes).toEqual([[{ text: 'First observation note' }], undefined, undefined, undefined]);
  });

  it('types values by the rule conditions: NM with its UCUM unit, SN as a choice, ST repetitions as one string', () => {
    const observations = resources(convert().bundle.entry, 'Observation').map((o) => o.resource as unknown as Record<string, unknown>);
    expect(observations[0]?.valueQuantity).toEqual({ value: 185, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' });
    expect(observations[2]?.valueString).toBe('line one\nline two');
    expect(observations[3]?.valueQuantity).toMatchObject({ comparator: '>', value: 13.5 });
  });

  it('reports a bad value as an error naming the rule, and keeps converting', () => {
    const { errors, bundle } = convert();
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'obs-number', source: 'OBX-5', target: 'valueQuantity.value', code: 'MAP_BAD_NUMBER' })]);
    expect(errors[0]?.message).not.toContain('bad');
    expect(resources(bundle.entry, 'Observation')).toHaveLength(4);
  });

  it('reports a required rule that finds nothing', () => {
    const { errors } = convert(ORU.replace('24331-1^Lipid panel^LN', ''));
    expect(errors).toContainEqual(expect.objectContaining({ ruleId: 'code', code: 'MAP_REQUIRED_MISSING' }));
  });

  it('keys entries for idempotent commits: a conditional create, a conditional update by a composed identifier, else a stable id', () => {
    const entries = convert(ORU, 'MSG_1').bundle.entry ?? [];
    expect(resources(entries, 'Patient')[0]?.request).toEqual({ method: 'POST', url: 'Patient', ifNoneExist: `identifier=${encodeURIComponent('urn:oid:1.2.3|MRN1')}` });
    expect(resources(entries, 'DiagnosticReport')[0]?.request).toEqual({ method: 'PUT', url: `DiagnosticReport?identifier=${encodeURIComponent('urn:test:order|ACME%20LAB.FL1')}` });
    const observation = resources(entries, 'Observation')[0];
    expect(observation?.request?.method).toBe('PUT');
    expect(observation?.request?.url).toBe(`Observation/${(observation?.resource as { id: string }).id}`);
    expect(observation?.resource?.meta?.source).toBe(messageSource('MSG_1'));
    expect(convert(ORU, 'MSG_1')).toEqual(convert(ORU, 'MSG_1'));
  });

  it('lists valued data no rule mapped, by field, repetition and component: a value whose transform failed is not mapped', () => {
    const { unmapped } = convert();
    const paths = unmapped.map((u) => u.path);
    expect(paths).toContain('PID-7');
    expect(paths).toContain('PID-8');
    expect(paths).toContain('PID-11.1');
    expect(paths).toContain('PID-11[2].5');
    expect(paths).not.toContain('PID-3');
    expect(paths).not.toContain('PID-3[2]');
    // Three OBX-5 values are mapped; the NM `bad` fails nm_to_decimal and stays in the report.
    expect(unmapped).toContainEqual({ path: 'OBX-5', count: 1 });
    expect(unmapped).toContainEqual({ path: 'OBX-11', count: 4 });
    expect(unmapped).toContainEqual({ path: 'OBR-7', count: 2 });
  });

  it('writes a rule’s `otherwise` value when it produces nothing, and still reports why', () => {
    const withStatus: Hl7MappingProfileContent = { ...profile, rules: [...profile.rules, rule('obs-status-coded', 'observation', 'OBX-11', 'status', { transform: 'v2_table', args: { table: 'ObservationResultStatusCodesInterpretation' }, otherwise: 'unknown' })] };
    const { bundle, errors } = runProfile(withStatus, parse(ORU.replace('||F|||20240101090000', '||O|||20240101090000')));
    expect(resources(bundle.entry, 'Observation').map((o) => (o.resource as { status?: string }).status)).toEqual(['unknown', 'final', 'final', 'final']);
    expect(errors).toContainEqual(expect.objectContaining({ ruleId: 'obs-status-coded', code: 'MAP_UNMAPPED_CODE' }));
  });

  it('reads only the segments a rule’s `where` holds for: code-less text lines become the report’s text, and only they count as mapped', () => {
    const text = [ORU, 'OBX|2|TX|||Impression: normal||||||F', 'OBX|3|TX|||No acute findings.||||||F', 'OBX|4|NM|||7||||||F'].join('\r');
    const reportText = rule('report-text', 'report', 'OBX-5[*]', 'presentedForm[0]', { transform: 'text_to_attachment', where: [{ path: 'OBX-3', op: 'empty' }, { path: 'OBX-2', op: 'in', values: ['TX'] }] });
    const { bundle, unmapped } = runProfile({ ...profile, rules: [...profile.rules, reportText] }, parse(text));
    const forms = resources(bundle.entry, 'DiagnosticReport').map((e) => (e.resource as { presentedForm?: { data: string }[] }).presentedForm);
    expect(forms[0]).toBeUndefined();
    expect(Buffer.from(forms[1]?.[0]?.data ?? '', 'base64').toString('utf8')).toBe('Impression: normal\nNo acute findings.');
    // The text lines count as mapped; the one OBX-5 left is the triglyceride's bad value (this profile's observations take the NM line).
    expect(unmapped.filter((u) => u.path === 'OBX-5')).toEqual([{ path: 'OBX-5', count: 1 }]);
  });

  it('judges a condition path with fallbacks (`OBR-3|OBR-2`) on the first of them that has a value', () => {
    const fallbacks: Hl7MappingProfileContent = {
      ...profile,
      resources: [profile.resources[0]!, { key: 'report', resourceType: 'DiagnosticReport', each: 'ORDER_OBSERVATION', when: { path: 'OBR-3|OBR-2', op: 'in', values: ['PL2'] }, identity: { mode: 'update' } }],
      rules: [rule('code', 'report', 'OBR-4', 'code', { transform: 'cwe_to_codeable_concept' })],
    };
    // OBR-3 is valued in both orders, so OBR-2 is never judged: no report; without OBR-3 the second order's OBR-2 is.
    expect(resources(runProfile(fallbacks, parse(ORU)).bundle.entry, 'DiagnosticReport')).toHaveLength(0);
    const report = resources(runProfile(fallbacks, parse(ORU.replace('|FL2^LAB|', '||'))).bundle.entry, 'DiagnosticReport');
    expect(report.map((e) => (e.resource as { code: { coding: { code: string }[] } }).code.coding[0]?.code)).toEqual(['57021-8']);
  });

  it('holds a condition when its clause or any of its `or` alternatives does, and reports a required template the message made none of', () => {
    const cancels: Hl7MappingProfileContent = {
      ...profile,
      resources: [profile.resources[0]!, { key: 'report', resourceType: 'DiagnosticReport', each: 'ORDER_OBSERVATION', when: { path: 'OBR-3', op: 'in', values: ['FL1'], or: [{ path: 'OBR-2', op: 'in', values: ['PL2'] }] }, required: true, identity: { mode: 'update' } }],
      rules: [rule('code', 'report', 'OBR-4', 'code', { transform: 'cwe_to_codeable_concept', condition: { path: 'OBR-7', op: 'empty', or: [{ path: 'OBR-2', op: 'in', values: ['PL1'] }] } })],
    };
    const made = runProfile(cancels, parse(ORU));
    expect(resources(made.bundle.entry, 'DiagnosticReport').map((e) => (e.resource as { code?: { coding: { code: string }[] } }).code?.coding[0]?.code)).toEqual(['24331-1', undefined]);
    expect(made.errors).toEqual([]);
    const none = runProfile(cancels, parse(ORU.replace('|FL1^LAB|', '|FL7^LAB|').replace('|PL2|', '|PL8|')));
    expect(resources(none.bundle.entry, 'DiagnosticReport')).toEqual([]);
    expect(none.errors).toEqual([{ ruleId: 'report', source: 'OBR-3', target: 'DiagnosticReport', code: 'MAP_RESOURCE_NOT_MADE', message: 'the message made no report (DiagnosticReport): it needs OBR-3 in FL1 or OBR-2 in PL2, which this profile requires' }]);
  });

  it('counts a value an `in` / `not-in` condition compared as mapped once what it decided is written; a presence test maps nothing', () => {
    const decided = (extra: MappingRule) => runProfile({ ...profile, rules: [...profile.rules, extra] }, parse(ORU)).unmapped.map((u) => u.path);
    const constant = { transform: 'constant', args: { value: 'final' } };
    expect(decided(rule('status-final', 'observation', '', 'status', { ...constant, condition: { path: 'OBX-11', op: 'in', values: ['F'] } }))).not.toContain('OBX-11');
    expect(decided(rule('status-not-corrected', 'observation', '', 'status', { ...constant, condition: { path: 'OBX-11', op: 'not-in', values: ['C'] } }))).not.toContain('OBX-11');
    expect(decided(rule('status-when-valued', 'observation', '', 'status', { ...constant, condition: { path: 'OBX-11', op: 'valued' } }))).toContain('OBX-11');
    expect(decided(rule('status-nothing', 'observation', '', 'status', { transform: 'constant', args: { value: '' }, condition: { path: 'OBX-11', op: 'in', values: ['F'] } }))).toContain('OBX-11');
    expect(decided(rule('status-never', 'observation', '', 'status', { ...constant, condition: [{ path: 'OBX-11', op: 'in', values: ['F'] }, { path: 'OBX-2', op: 'in', values: ['TX'] }] }))).toContain('OBX-11');
  });

  it('answers a rule error for a bad source or target path instead of throwing', () => {
    const broken: Hl7MappingProfileContent = { ...profile, rules: [rule('bad-source', 'patient', 'PID5', 'gender'), rule('bad-target', 'patient', 'PID-8', 'Gender!'), rule('nobody', 'ghost', 'PID-8', 'gender')] };
    const { errors } = runProfile(broken, parse(ORU));
    expect(errors.map((e) => [e.ruleId, e.code])).toEqual([
      ['bad-source', 'MAP_BAD_SOURCE'],
      ['bad-target', 'MAP_BAD_TARGET'],
      ['nobody', 'MAP_UNKNOWN_RESOURCE'],
    ]);
  });
});
