import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MappingProfile } from '../../src-shared';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { formatOffset, localOffsetMinutes } from '../core/zone-clock';

const ORU = corpusMessage('msfc_LAB-ORU-1.hl7'); // PID-8 M
const body = <T,>(answer: { body: unknown }) => answer.body as T;
const patientOf = (bundle: Bundle): Patient => bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;
interface Preview {
  bundle: Bundle;
  unmapped: { path: string; count: number }[];
  errors: { ruleId: string }[];
  profile: { name: string; version: number };
}

describe('previewing a draft mapping profile over HTTP (convert.hl7ToFhir)', () => {
  let engine: TempEngine;
  let api: TestTransport;
  let shipped: Hl7MappingProfile;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = httpTransport(engine.url as string);
    shipped = body<{ data: Hl7MappingProfile[] }>(await api.call('hl7MappingProfiles.list', { messageType: 'ORU^R01' })).data[0] as Hl7MappingProfile;
  }, 60_000);
  afterAll(() => engine.dispose());

  const draftOf = (profile: Hl7MappingProfile, rules: Hl7MappingProfile['rules']) => ({ name: `${profile.name} draft`, messageTypes: profile.messageTypes, resources: profile.resources, rules });
  const genderUnknown = (rules: Hl7MappingProfile['rules']) => rules.map((r) => (r.id === 'patient-gender' ? { id: r.id, resource: r.resource, source: '', target: 'gender', transform: 'constant', args: { value: 'unknown' } } : r));

  it('runs a draft profile given in the body over pasted text, as version 0, and stores neither the profile nor the message', async () => {
    const answer = await api.call('convert.hl7ToFhir', { message: ORU, profile: draftOf(shipped, genderUnknown(shipped.rules)) });
    expect(answer.status).toBe(200);
    const preview = body<Preview>(answer);
    expect([patientOf(preview.bundle).gender, preview.profile]).toEqual(['unknown', { name: `${shipped.name} draft`, version: 0 }]);
    expect(patientOf(body<Preview>(await api.call('convert.hl7ToFhir', { message: ORU })).bundle).gender).toBe('male');
    expect(body<Hl7MappingProfile[]>(await api.call('hl7MappingProfiles.versions', { id: shipped.id })).map((v) => v.version)).toEqual([1]);
    expect(engine.store.sqlite.prepare('SELECT count(*) FROM hl7_messages').pluck().get()).toBe(0);
  });

  it('reports what the draft leaves unmapped: a field no rule reads any more is in the coverage', async () => {
    const withoutGender = shipped.rules.filter((r) => r.id !== 'patient-gender');
    const preview = body<Preview>(await api.call('convert.hl7ToFhir', { message: ORU, profile: draftOf(shipped, withoutGender) }));
    expect(patientOf(preview.bundle).gender).toBeUndefined();
    expect(preview.unmapped.map((u) => u.path)).toContain('PID-8');
  });

  it('refuses a draft with a bad rule with the 422 envelope naming the rule, its field and why', async () => {
    const rules = [...shipped.rules, { id: 'broken', resource: 'patient', source: 'PID5', target: 'gender', transform: 'no_such_transform' }];
    const answer = await api.call('convert.hl7ToFhir', { message: ORU, profile: draftOf(shipped, rules) });
    const error = body<{ error: { code: string; message: string; details: { fields: Record<string, string[]>; rules: { index: number; ruleId: string; field: string }[] } } }>(answer).error;
    expect([answer.status, error.code, error.message]).toEqual([422, 'INTEROP_VALIDATION_FAILED', 'The draft profile has problems in rule broken']);
    expect(error.details.rules.map((r) => [r.index, r.ruleId, r.field])).toEqual([
      [rules.length - 1, 'broken', 'source'],
      [rules.length - 1, 'broken', 'transform'],
    ]);
    expect(Object.keys(error.details.fields)).toEqual([`profile.rules[${rules.length - 1}].source`, `profile.rules[${rules.length - 1}].transform`]);
  });

  it('converts a stored message by its id with a draft, naming the message in meta.source, and asks for exactly one of message and messageId', async () => {
    const { port, connector } = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    await sendOverMllp(port, [ORU]);
    const stored = body<{ data: { id: string }[] }>(await api.call('hl7Messages.list', { connectorId: connector.id })).data[0]?.id as string;
    const preview = body<Preview>(await api.call('convert.hl7ToFhir', { messageId: stored, profile: draftOf(shipped, genderUnknown(shipped.rules)) }));
    expect([patientOf(preview.bundle).gender, patientOf(preview.bundle).meta?.source]).toEqual(['unknown', `urn:interop-console:hl7-message:${stored}`]);
    const byStoredProfile = body<Preview>(await api.call('convert.hl7ToFhir', { messageId: stored, profileId: shipped.id }));
    expect([patientOf(byStoredProfile.bundle).gender, byStoredProfile.profile]).toEqual(['male', { id: shipped.id, name: shipped.name, version: 1 }]);
    for (const input of [{}, { message: ORU, messageId: stored }]) {
      const refused = await api.call('convert.hl7ToFhir', input);
      expect([refused.status, Object.keys(body<{ error: { details: { fields: object } } }>(refused).error.details.fields)]).toEqual([422, ['message']]);
    }
    const missing = await api.call('convert.hl7ToFhir', { messageId: 'MSG_01HZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(body<{ error: { code: string } }>(missing).error.code).toBe('INTEROP_HL7_MESSAGE_NOT_FOUND');
  });

  it('lists the transforms a rule can name, with their arguments', async () => {
    const transforms = body<{ name: string; args: { name: string; required: boolean }[] }[]>(await api.call('hl7MappingProfiles.transforms', {}));
    expect(transforms.map((t) => t.name)).toEqual(expect.arrayContaining(['constant', 'reference', 'trim', 'cwe_to_codeable_concept']));
    expect(transforms.find((t) => t.name === 'constant')?.args).toEqual([expect.objectContaining({ name: 'value', required: true })]);
  });

  describe("times sent without a UTC offset, read in the sender's time zone", () => {
    // OBX-14 of the second OBX sent as most senders do: local time, no offset.
    const LOCAL = ORU.replace('20141006062700+0700', '201011041640');
    const effective = (bundle: Bundle) => bundle.entry?.map((e) => e.resource).find((r): r is Observation => r?.resourceType === 'Observation' && r.effectiveDateTime !== undefined)?.effectiveDateTime;

    it('reads them in the timeZone the operation names, and refuses a name that is no IANA zone', async () => {
      expect(effective(body<Preview>(await api.call('convert.hl7ToFhir', { message: LOCAL, timeZone: 'Europe/Berlin' })).bundle)).toBe('2010-11-04T16:40:00+01:00');
      expect(effective(body<Preview>(await api.call('convert.hl7ToFhir', { message: LOCAL, profile: draftOf(shipped, shipped.rules), timeZone: 'America/New_York' })).bundle)).toBe('2010-11-04T16:40:00-04:00');
      const refused = await api.call('convert.hl7ToFhir', { message: LOCAL, timeZone: '+01:00' });
      expect([refused.status, body<{ error: { details: { fields: object } } }>(refused).error.details.fields]).toEqual([422, { timeZone: ['must be an IANA time zone such as Europe/Berlin'] }]);
    });

    it("defaults to the zone Node reports for the engine's host", async () => {
      const host = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const offset = formatOffset(localOffsetMinutes(Date.parse('2010-11-04T16:40:00Z'), host));
      expect(effective(body<Preview>(await api.call('convert.hl7ToFhir', { message: LOCAL })).bundle)).toBe(`2010-11-04T16:40:00${offset}`);
    });

    it("processing reads them in the connector's zone, as does converting the stored message; a named zone still wins", async () => {
      const { port, connector } = await activeMllpConnector(engine, { ackMode: 'after-processing', timeZone: 'Asia/Kolkata' });
      expect(connector.settings).toMatchObject({ timeZone: 'Asia/Kolkata' });
      await sendOverMllp(port, [LOCAL.replace('|182|', '|TZ-1|')]);
      const found = body<Bundle>(await api.call('fhir.search', { resourceType: 'Observation', query: 'date=2010-11-04' }));
      expect(found.entry?.map((e) => (e.resource as Observation).effectiveDateTime)).toEqual(['2010-11-04T16:40:00+05:30']);
      const stored = body<{ data: { id: string }[] }>(await api.call('hl7Messages.list', { connectorId: connector.id })).data[0]?.id as string;
      expect(effective(body<Preview>(await api.call('convert.hl7ToFhir', { messageId: stored })).bundle)).toBe('2010-11-04T16:40:00+05:30');
      expect(effective(body<Preview>(await api.call('convert.hl7ToFhir', { messageId: stored, timeZone: 'UTC' })).bundle)).toBe('2010-11-04T16:40:00+00:00');
    });

    it('refuses a connector zone that is not one, and takes it on MLLP listeners only, not senders', async () => {
      const ctx = { tenantId: engine.tenantId, actor: 'test' };
      const bad = await engine.dispatcher.dispatch('connectors.create', { name: 'Bad zone', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port: 2575, settings: { timeZone: 'Mars/Olympus' } }, ctx);
      expect(bad.ok ? undefined : JSON.stringify(bad.error)).toContain('must be an IANA time zone such as Europe/Berlin');
      const sender = await engine.dispatcher.dispatch('connectors.create', { name: 'Sender zone', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: 2575, settings: { timeZone: 'Europe/Berlin' } }, ctx);
      expect(sender.ok ? undefined : JSON.stringify(sender.error)).toContain('does not apply to mllp outbound connectors');
    });
  });
});
