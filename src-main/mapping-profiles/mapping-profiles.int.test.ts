import type { Bundle, Patient } from '@medplum/fhirtypes';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, type Engine } from '../bootstrap';
import type { Hl7MappingProfile, Hl7MessageDetail } from '../../src-shared';
import { bothTransports, type TestTransport } from '../../test/support/api-transports';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const ORU = corpusMessage('msfc_LAB-ORU-1.hl7'); // PID-3 10006579, PID-8 M
const body = <T,>(answer: { body: unknown }) => answer.body as T;

describe.each(bothTransports)('HL7 mapping profiles over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
  }, 60_000);
  afterAll(() => engine.dispose());

  const oruProfile = async (): Promise<Hl7MappingProfile> => body<{ data: Hl7MappingProfile[] }>(await api.call('hl7MappingProfiles.list', { messageType: 'ORU^R01' })).data[0] as Hl7MappingProfile;
  const patientOf = (bundle: Bundle): Patient => bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;

  it('loads the shipped defaults on first start as version 1, by the system', async () => {
    const all = body<{ data: Hl7MappingProfile[]; total: number }>(await api.call('hl7MappingProfiles.list', {}));
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.data.every((p) => p.isDefault && p.version === 1 && p.actor === 'system' && p.status === 'active')).toBe(true);
    expect((await oruProfile()).messageTypes).toContain('ORU^R01');
  });

  it('writes a new version for a changed rule, keeps the old one, and the conversion names the version that ran', async () => {
    const before = await oruProfile();
    const gender = before.rules.find((r) => r.id === 'patient-gender');
    expect(gender).toBeDefined();
    expect(patientOf(body<{ bundle: Bundle }>(await api.call('convert.hl7ToFhir', { message: ORU })).bundle).gender).toBe('male');

    const changed = await api.call('hl7MappingProfiles.rules.update', { id: before.id, ruleId: 'patient-gender', version: before.version, rule: { id: 'patient-gender', resource: 'patient', source: '', target: 'gender', transform: 'constant', args: { value: 'unknown' } } });
    expect(changed.status).toBe(200);
    expect(body<Hl7MappingProfile>(changed).version).toBe(before.version + 1);
    const versions = body<Hl7MappingProfile[]>(await api.call('hl7MappingProfiles.versions', { id: before.id }));
    expect(versions.map((v) => v.version)).toEqual([before.version + 1, before.version]);
    expect(versions[1]?.rules.find((r) => r.id === 'patient-gender')).toEqual(gender);

    const converted = body<{ bundle: Bundle; profile: { version: number } }>(await api.call('convert.hl7ToFhir', { message: ORU }));
    expect([patientOf(converted.bundle).gender, converted.profile.version]).toEqual(['unknown', before.version + 1]);
  });

  it('refuses a change made from an old version with 409, and a rule with a bad path with 422 naming it', async () => {
    const current = await oruProfile();
    const stale = await api.call('hl7MappingProfiles.rules.remove', { id: current.id, ruleId: 'patient-gender', version: current.version - 1 });
    expect([stale.status, body<{ error: { code: string } }>(stale).error.code]).toEqual([409, 'INTEROP_VERSION_CONFLICT']);
    const bad = await api.call('hl7MappingProfiles.rules.add', { id: current.id, version: current.version, rule: { id: 'bad', resource: 'patient', source: 'PID5', target: 'gender' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(body<{ error: { details: { fields: Record<string, string[]> } } }>(bad).error.details.fields)).toEqual([`rules[${current.rules.length}].source`]);
    const missing = await api.call('hl7MappingProfiles.rules.update', { id: current.id, ruleId: 'nope', version: current.version, rule: current.rules[0] });
    expect([missing.status, body<{ error: { code: string } }>(missing).error.code]).toEqual([404, 'INTEROP_MAPPING_RULE_NOT_FOUND']);
  });

  it('maps with the profile a connector assigns to the message type, recording it on the attempt', async () => {
    const created = await api.call('hl7MappingProfiles.create', {
      name: `Patients only (${Math.random().toString(36).slice(2)})`,
      messageTypes: ['ORU^R01'],
      resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update' } }],
      rules: [
        { id: 'identifier', resource: 'patient', source: 'PID-3[*]', target: 'identifier[+]', transform: 'cx_to_identifier' },
        { id: 'family', resource: 'patient', source: 'PID-5.1', target: 'name[0].family' },
      ],
    });
    expect(created.status).toBe(201);
    const profile = body<Hl7MappingProfile>(created);
    const { port, connector } = await activeMllpConnector(engine, { ackMode: 'after-processing', mappingProfiles: { 'ORU^R01': profile.id } });
    expect((connector.settings as { mappingProfiles?: Record<string, string> }).mappingProfiles).toEqual({ 'ORU^R01': profile.id });
    expect((await sendOverMllp(port, [ORU])).map(ackCodeOf)).toEqual(['AA']);
    const list = body<{ data: { id: string; connectorId: string }[] }>(await api.call('hl7Messages.list', { connectorId: connector.id }));
    const detail = body<Hl7MessageDetail>(await api.call('hl7Messages.get', { id: list.data[0]?.id }));
    expect(detail.attempts[0]?.profile).toEqual({ name: profile.name, version: 1 });
    expect(detail.links.map((l) => l.resourceType)).toEqual(['Patient']);
  });

  it('stops using a retired profile: the connector falls back to the default for the type', async () => {
    const custom = body<{ data: Hl7MappingProfile[] }>(await api.call('hl7MappingProfiles.list', { messageType: 'ORU^R01' })).data.find((p) => !p.isDefault) as Hl7MappingProfile;
    expect((await api.call('hl7MappingProfiles.retire', { id: custom.id })).status).toBe(204);
    expect(body<Hl7MappingProfile>(await api.call('hl7MappingProfiles.get', { id: custom.id }))).toMatchObject({ status: 'retired', version: 2 });
    const { port, connector } = await activeMllpConnector(engine, { ackMode: 'after-processing', mappingProfiles: { 'ORU^R01': custom.id } });
    await sendOverMllp(port, [ORU.replace('|182|', '|182R|')]);
    const list = body<{ data: { id: string }[] }>(await api.call('hl7Messages.list', { connectorId: connector.id }));
    const detail = body<Hl7MessageDetail>(await api.call('hl7Messages.get', { id: list.data[0]?.id }));
    const shipped = body<{ data: Hl7MappingProfile[] }>(await api.call('hl7MappingProfiles.list', { messageType: 'ORU^R01' })).data.find((p) => p.isDefault);
    expect(detail.attempts[0]?.profile).toEqual({ name: shipped?.name, version: shipped?.version });
  });
});

describe('shipped default profiles across restarts', () => {
  it('bring a default nobody changed up to the shipped one, and leave one the operator edited as it is', async () => {
    const first = await startTempEngine();
    const tenantId = first.tenantId;
    const call = async <T>(engine: Engine, name: Parameters<Engine['dispatcher']['dispatch']>[0], input: unknown, actor: string): Promise<T> => {
      const result = await engine.dispatcher.dispatch(name, input, { tenantId, actor });
      if (!result.ok) throw new Error(result.error.code);
      return result.value as T;
    };
    const profiles = async (engine: Engine) => (await call<{ data: Hl7MappingProfile[] }>(engine, 'hl7MappingProfiles.list', {}, 'test')).data;
    const byType = (list: Hl7MappingProfile[], type: string) => list.find((p) => p.messageTypes.includes(type)) as Hl7MappingProfile;
    const shipped = await profiles(first);
    const oru = byType(shipped, 'ORU^R01');
    const siu = byType(shipped, 'SIU^S12');
    const older = (p: Hl7MappingProfile) => ({ id: p.id, version: p.version, name: p.name, messageTypes: p.messageTypes, resources: p.resources, rules: p.rules.slice(1) });
    await call(first, 'hl7MappingProfiles.update', older(oru), 'system');
    await call(first, 'hl7MappingProfiles.update', older(siu), 'operator');
    await first.stop();
    const again = await bootstrap({ dataDir: first.dataDir });
    try {
      const after = await profiles(again);
      expect([byType(after, 'ORU^R01').version, byType(after, 'ORU^R01').rules]).toEqual([3, oru.rules]);
      expect([byType(after, 'SIU^S12').version, byType(after, 'SIU^S12').rules]).toEqual([2, siu.rules.slice(1)]);
      const untouched = after.filter((p) => p.id !== oru.id && p.id !== siu.id).map((p) => [p.name, p.version]);
      expect(untouched).toEqual(shipped.filter((p) => p.id !== oru.id && p.id !== siu.id).map((p) => [p.name, 1]));
    } finally {
      await again.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('are not written again once the operator renamed one', async () => {
    const first = await startTempEngine();
    const ctx = { tenantId: first.tenantId, actor: 'test' };
    const list = async (engine: Engine) => {
      const result = await engine.dispatcher.dispatch('hl7MappingProfiles.list', {}, ctx);
      if (!result.ok) throw new Error(result.error.code);
      return (result.value as { data: Hl7MappingProfile[] }).data;
    };
    const shipped = (await list(first)).find((p) => p.messageTypes.includes('ORU^R01')) as Hl7MappingProfile;
    const renamed = await first.dispatcher.dispatch('hl7MappingProfiles.update', { id: shipped.id, version: shipped.version, name: `${shipped.name} (ours)`, messageTypes: shipped.messageTypes, resources: shipped.resources, rules: shipped.rules }, ctx);
    expect(renamed.ok).toBe(true);
    const before = (await list(first)).map((p) => p.name).sort();
    await first.stop();
    const again = await bootstrap({ dataDir: first.dataDir });
    try {
      expect((await list(again)).map((p) => p.name).sort()).toEqual(before);
    } finally {
      await again.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
