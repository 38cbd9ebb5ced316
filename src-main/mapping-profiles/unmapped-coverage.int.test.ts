import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MappingProfile, Hl7MessageDetail, UnmappedCoverage } from '../../src-shared';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const body = <T,>(answer: { body: unknown }) => answer.body as T;
/** A result whose OBX-18 (equipment instance, which the shipped ORU profile does not read) repeats. */
const oru = (controlId: string, equipment: string) =>
  `MSH|^~\\&|LAB|F|EHR|F|20260101120000||ORU^R01|${controlId}|P|2.5.1\rPID|1||MRN-${controlId}^^^HOSP^MR||Cover^Ada\rOBR|1||ACC-${controlId}|GLU^Glucose^L\rOBX|1|NM|GLU^Glucose^L||5.4|mmol/L|||||F|||20260101120000||||${equipment}\r`;

describe('the unmapped coverage aggregate over HTTP', () => {
  let engine: TempEngine;
  let api: TestTransport;
  let lab: string;
  let other: string;
  let oruProfile: Hl7MappingProfile;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = httpTransport(engine.url as string);
    oruProfile = body<{ data: Hl7MappingProfile[] }>(await api.call('hl7MappingProfiles.list', { messageType: 'ORU^R01' })).data[0] as Hl7MappingProfile;
    const first = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    const second = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    [lab, other] = [first.connector.id, second.connector.id];
    expect((await sendOverMllp(first.port, [oru('CV-1', 'EQ1~EQ2'), oru('CV-2', 'EQ1~EQ2~EQ3'), oru('CV-3', 'EQ1')])).map(ackCodeOf)).toEqual(['AA', 'AA', 'AA']);
    expect((await sendOverMllp(second.port, [oru('CV-4', 'EQ1~EQ2')])).map(ackCodeOf)).toEqual(['AA']);
  }, 60_000);
  afterAll(() => engine.dispose());

  const coverage = async (input: Record<string, unknown>): Promise<UnmappedCoverage[]> => {
    const answer = await api.call('hl7MappingProfiles.coverage', input);
    expect(answer.status).toBe(200);
    return body<{ data: UnmappedCoverage[] }>(answer).data;
  };
  const row = (rows: UnmappedCoverage[], path: string, version = oruProfile.version) => rows.find((r) => r.path === path && r.profileVersion === version);
  const messageId = async (controlId: string): Promise<string> => body<{ data: { id: string }[] }>(await api.call('hl7Messages.list', { q: controlId })).data[0]?.id as string;
  const reprocessed = async (id: string): Promise<void> => {
    const before = body<Hl7MessageDetail>(await api.call('hl7Messages.get', { id })).attempts.length;
    expect((await api.call('hl7Messages.reprocess', { id })).status).toBe(202);
    for (let i = 0; i < 400; i++) {
      const detail = body<Hl7MessageDetail>(await api.call('hl7Messages.get', { id }));
      if (detail.attempts.length > before && detail.attempts.every((a) => a.finishedAt !== null)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('reprocessing did not finish');
  };

  it('counts, per connector and profile version, the messages in which a path carried data no rule read, repetitions 2+ as one path', async () => {
    const rows = await coverage({ connectorId: lab });
    expect(row(rows, 'OBX-18')).toMatchObject({ connectorId: lab, profileId: oruProfile.id, profileName: oruProfile.name, profileVersion: 1, messages: 3, occurrences: 3 });
    expect(row(rows, 'OBX-18[2+]')).toMatchObject({ connectorId: lab, profileId: oruProfile.id, messages: 2, occurrences: 3 });
    expect(Date.parse(row(rows, 'OBX-18')?.lastSeenAt ?? '')).toBeGreaterThan(Date.now() - 120_000);
    expect(rows.every((r) => r.connectorId === lab)).toBe(true);
    expect(row(await coverage({ connectorId: other }), 'OBX-18[2+]')).toMatchObject({ connectorId: other, messages: 1 });
    expect(row(await coverage({ profileId: oruProfile.id }), 'OBX-18', 1)?.messages).toBe(3);
  });

  it('counts a reprocessed message once, from its latest attempt', async () => {
    const id = await messageId('CV-2');
    await reprocessed(id);
    await reprocessed(id);
    const rows = await coverage({ connectorId: lab });
    expect([row(rows, 'OBX-18')?.messages, row(rows, 'OBX-18[2+]')?.messages, row(rows, 'OBX-18[2+]')?.occurrences]).toEqual([3, 2, 3]);
  });

  it('moves a message to the profile version its latest attempt ran, where a path a new rule reads is no longer counted', async () => {
    const changed = await api.call('hl7MappingProfiles.rules.add', {
      id: oruProfile.id,
      version: oruProfile.version,
      rule: { id: 'observation-equipment', resource: 'observation', source: 'OBX-18[*]', target: 'note[+].text', transform: 'trim' },
    });
    expect(changed.status).toBe(201);
    const version = body<Hl7MappingProfile>(changed).version;
    await reprocessed(await messageId('CV-1'));
    const rows = await coverage({ connectorId: lab });
    expect([row(rows, 'OBX-18', 1)?.messages, row(rows, 'OBX-18[2+]', 1)?.messages]).toEqual([2, 1]);
    expect(rows.filter((r) => r.profileVersion === version && r.path.startsWith('OBX-18'))).toEqual([]);
    expect(rows.some((r) => r.profileVersion === version && r.profileName === oruProfile.name)).toBe(true);
  });

  it('counts only messages seen since a time, and refuses a malformed one with 422', async () => {
    expect(await coverage({ connectorId: lab, since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(row(await coverage({ connectorId: lab, since: new Date(Date.now() - 600_000).toISOString() }), 'OBX-18', 1)?.messages).toBe(2);
    const bad = await api.call('hl7MappingProfiles.coverage', { since: 'yesterday' });
    expect([bad.status, body<{ error: { code: string } }>(bad).error.code]).toEqual([422, 'INTEROP_VALIDATION_FAILED']);
  });
});
