import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirMappingProfile } from '../../src-shared';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const body = <T,>(answer: { body: unknown }) => answer.body as T;
const PATIENT = { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:mrn', value: 'MRN-7' }], name: [{ family: 'Duck', given: ['Donald'] }], gender: 'male', birthDate: '1924-10-10' };
const pidOf = (message: string): string[] => (message.split('\r').find((s) => s.startsWith('PID|')) ?? '').split('|');
interface Answer {
  message: string;
  errors: { ruleId: string }[];
  profile: { name: string; version: number; id?: string };
}

describe('previewing a draft FHIR → HL7 v2 profile over HTTP (convert.fhirToHl7)', () => {
  let engine: TempEngine;
  let api: TestTransport;
  let shipped: FhirMappingProfile;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = httpTransport(engine.url as string);
    shipped = body<{ data: FhirMappingProfile[] }>(await api.call('fhirMappingProfiles.list', { resourceType: 'Patient' })).data[0] as FhirMappingProfile;
  }, 60_000);
  afterAll(() => engine.dispose());

  const draftOf = (rules: FhirMappingProfile['rules']) => ({ name: `${shipped.name} draft`, resourceType: shipped.resourceType, messageTypes: shipped.messageTypes, segments: shipped.segments, rules });

  it('runs a draft profile given in the body, as version 0, and stores no new version', async () => {
    const rules = shipped.rules.map((r) => (r.id === 'pid-gender' ? { id: r.id, segment: r.segment, source: '', target: 'PID-8', transform: 'constant', args: { value: 'U' } } : r));
    const answer = await api.call('convert.fhirToHl7', { resource: PATIENT, profile: draftOf(rules) });
    expect(answer.status).toBe(200);
    const preview = body<Answer>(answer);
    expect([pidOf(preview.message)[8], preview.profile]).toEqual(['U', { name: `${shipped.name} draft`, version: 0 }]);
    expect(pidOf(body<Answer>(await api.call('convert.fhirToHl7', { resource: PATIENT })).message)[8]).toBe('M');
    expect(body<FhirMappingProfile[]>(await api.call('fhirMappingProfiles.versions', { id: shipped.id })).map((v) => v.version)).toEqual([1]);
  });

  it('refuses a draft with a bad rule with the 422 envelope naming the rule and its field', async () => {
    const rules = [...shipped.rules, { id: 'broken', segment: 'pid', source: 'gender', target: 'PID8' }];
    const answer = await api.call('convert.fhirToHl7', { resource: PATIENT, profile: draftOf(rules) });
    const error = body<{ error: { code: string; message: string; details: { fields: Record<string, string[]>; rules: { index: number; ruleId: string; field: string }[] } } }>(answer).error;
    expect([answer.status, error.code, error.message]).toEqual([422, 'INTEROP_VALIDATION_FAILED', 'The draft profile has problems in rule broken']);
    expect(error.details.rules.map((r) => [r.index, r.ruleId, r.field])).toEqual([[rules.length - 1, 'broken', 'target']]);
  });

  it('refuses a draft for another resource type, and a draft given together with a stored profile', async () => {
    const other = await api.call('convert.fhirToHl7', { resource: { resourceType: 'Immunization', status: 'completed' }, profile: draftOf(shipped.rules) });
    expect([other.status, body<{ error: { message: string } }>(other).error.message]).toEqual([422, 'The draft profile converts Patient, not Immunization']);
    const both = await api.call('convert.fhirToHl7', { resource: PATIENT, profile: draftOf(shipped.rules), profileId: shipped.id });
    expect([both.status, Object.keys(body<{ error: { details: { fields: object } } }>(both).error.details.fields)]).toEqual([422, ['profile']]);
  });

  it('lists the transforms a FHIR rule can name, with their arguments', async () => {
    const transforms = body<{ name: string; args: { name: string; required: boolean }[] }[]>(await api.call('fhirMappingProfiles.transforms', {}));
    expect(transforms.map((t) => t.name)).toEqual(expect.arrayContaining(['constant', 'now', 'code_to_v2', 'human_name_to_xpn']));
    expect(transforms.find((t) => t.name === 'code_to_v2')?.args).toEqual([expect.objectContaining({ name: 'map', required: true })]);
  });
});
