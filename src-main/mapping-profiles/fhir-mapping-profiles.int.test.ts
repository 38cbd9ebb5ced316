import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirMappingProfile, FhirMappingRule } from '../../src-shared';
import { bothTransports, type TestTransport } from '../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { parse } from '../hl7';

const body = <T,>(answer: { body: unknown }) => answer.body as T;
const errorOf = (answer: { status: number; body: unknown }) => [answer.status, body<{ error: { code: string } }>(answer).error.code];
const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.3', value: 'FP-1' }], name: [{ family: 'Profile', given: ['Case'] }], gender: 'female', birthDate: '1970-05-06' };

describe.each(bothTransports)('FHIR mapping profiles over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
  }, 60_000);
  afterAll(() => engine.dispose());

  const shipped = async (resourceType: string): Promise<FhirMappingProfile> =>
    body<{ data: FhirMappingProfile[] }>(await api.call('fhirMappingProfiles.list', { resourceType })).data.find((p) => p.isDefault) as FhirMappingProfile;
  const copyOf = async (profile: FhirMappingProfile, rules: FhirMappingRule[]): Promise<FhirMappingProfile> => {
    const created = await api.call('fhirMappingProfiles.create', { name: `${profile.name} (${Math.random().toString(36).slice(2)})`, resourceType: profile.resourceType, messageTypes: profile.messageTypes, segments: profile.segments, rules });
    expect(created.status).toBe(201);
    return body<FhirMappingProfile>(created);
  };

  it('loads the shipped FHIR → v2 defaults on first start as version 1, by the system, found by resource and message type', async () => {
    const all = body<{ data: FhirMappingProfile[]; total: number }>(await api.call('fhirMappingProfiles.list', {}));
    expect(all.data.map((p) => p.resourceType).sort()).toEqual(['DiagnosticReport', 'Immunization', 'Patient', 'ServiceRequest']);
    expect(all.data.every((p) => p.isDefault && p.version === 1 && p.actor === 'system' && p.status === 'active')).toBe(true);
    const registration = body<{ data: FhirMappingProfile[] }>(await api.call('fhirMappingProfiles.list', { messageType: 'ADT^A04' })).data;
    expect(registration.map((p) => p.resourceType)).toEqual(['Patient']);
    expect((await api.call('fhirMappingProfiles.rules.list', { id: registration[0]?.id })).body).toEqual(registration[0]?.rules);
  });

  it('writes a new version for a changed rule, keeps the old one readable, and converts with it', async () => {
    const before = await shipped('Patient');
    const gender = before.rules.find((r) => r.id === 'pid-gender') as FhirMappingRule;
    const changed = await api.call('fhirMappingProfiles.rules.update', { id: before.id, ruleId: 'pid-gender', version: before.version, rule: { id: 'pid-gender', segment: 'pid', source: '', target: 'PID-8', transform: 'constant', args: { value: 'U' } } });
    expect([changed.status, body<FhirMappingProfile>(changed).version]).toEqual([200, before.version + 1]);
    const versions = body<FhirMappingProfile[]>(await api.call('fhirMappingProfiles.versions', { id: before.id }));
    expect(versions.map((v) => v.version)).toEqual([before.version + 1, before.version]);
    expect(versions[1]?.rules.find((r) => r.id === 'pid-gender')).toEqual(gender);

    const converted = body<{ message: string; profile: { id: string; version: number } }>(await api.call('convert.fhirToHl7', { resource: patient }));
    expect([parse(converted.message).get('PID-8'), converted.profile]).toEqual(['U', { name: before.name, version: before.version + 1, id: before.id }]);
  });

  it('converts with a stored profile the request names, and with the default for the type otherwise', async () => {
    const base = await shipped('Patient');
    const custom = await copyOf(base, [...base.rules, { id: 'pid-religion', segment: 'pid', source: '', target: 'PID-17', transform: 'constant', args: { value: 'VAR' } }]);
    const named = body<{ message: string; profile: { id: string; version: number } }>(await api.call('convert.fhirToHl7', { resource: patient, profileId: custom.id, messageType: 'ADT^A04' }));
    expect([parse(named.message).get('PID-17'), parse(named.message).header.triggerEvent, named.profile.id, named.profile.version]).toEqual(['VAR', 'A04', custom.id, 1]);
    const unnamed = body<{ message: string; profile: { id: string } }>(await api.call('convert.fhirToHl7', { resource: patient }));
    expect([parse(unnamed.message).get('PID-17'), unnamed.profile.id]).toEqual(['', base.id]);
  });

  it('refuses a profile or rule with an unknown FHIR path, HL7 target or transform with 422 naming the rule', async () => {
    const current = await shipped('Patient');
    const at = `rules[${current.rules.length}]`;
    const fieldsOf = async (rule: FhirMappingRule) => {
      const answer = await api.call('fhirMappingProfiles.rules.add', { id: current.id, version: current.version, rule });
      expect(errorOf(answer)).toEqual([422, 'INTEROP_VALIDATION_FAILED']);
      return body<{ error: { details: { fields: Record<string, string[]> } } }>(answer).error.details.fields;
    };
    expect(await fieldsOf({ id: 'bad', segment: 'pid', source: 'birthdate', target: 'PID-7', transform: 'date_from_iso' })).toEqual({ [`${at}.source`]: ['Patient has no element birthdate'] });
    expect(Object.keys(await fieldsOf({ id: 'bad', segment: 'pid', source: 'gender', target: 'PID8' }))).toEqual([`${at}.target`]);
    expect(Object.keys(await fieldsOf({ id: 'bad', segment: 'pid', source: 'gender', target: 'PID-8', transform: 'gender_to_v2' }))).toEqual([`${at}.transform`]);
    const created = await api.call('fhirMappingProfiles.create', { name: 'Bad segments', resourceType: 'Patient', messageTypes: ['ADT^A08^ADT_A01'], segments: [{ key: 'pid', segment: 'PID' }], rules: [{ id: 'r1', segment: 'pv1', source: 'gender', target: 'PV1-2' }] });
    expect(Object.keys(body<{ error: { details: { fields: Record<string, string[]> } } }>(created).error.details.fields)).toEqual(['rules[0].segment']);
    expect(body<{ data: FhirMappingProfile[] }>(await api.call('fhirMappingProfiles.list', { resourceType: 'Patient' })).data.some((p) => p.name === 'Bad segments')).toBe(false);
  });

  it('refuses a change from an old version with 409, and a conversion naming an unknown, retired or other-type profile', async () => {
    const current = await shipped('Patient');
    expect(errorOf(await api.call('fhirMappingProfiles.rules.remove', { id: current.id, ruleId: 'pid-name', version: current.version - 1 }))).toEqual([409, 'INTEROP_VERSION_CONFLICT']);
    expect(errorOf(await api.call('fhirMappingProfiles.rules.remove', { id: current.id, ruleId: 'nope', version: current.version }))).toEqual([404, 'INTEROP_MAPPING_RULE_NOT_FOUND']);
    expect(errorOf(await api.call('convert.fhirToHl7', { resource: patient, profileId: 'FMP_01J0000000000000000000000Z' }))).toEqual([404, 'INTEROP_FHIR_MAPPING_PROFILE_NOT_FOUND']);
    const report = await shipped('DiagnosticReport');
    expect(errorOf(await api.call('convert.fhirToHl7', { resource: patient, profileId: report.id }))).toEqual([422, 'INTEROP_NO_MAPPING_PROFILE']);
    const custom = await copyOf(current, current.rules);
    expect((await api.call('fhirMappingProfiles.retire', { id: custom.id })).status).toBe(204);
    expect(body<FhirMappingProfile>(await api.call('fhirMappingProfiles.get', { id: custom.id }))).toMatchObject({ status: 'retired', version: 2 });
    expect(errorOf(await api.call('convert.fhirToHl7', { resource: patient, profileId: custom.id }))).toEqual([409, 'INTEROP_MAPPING_PROFILE_RETIRED']);
  });
});
