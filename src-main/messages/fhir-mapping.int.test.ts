import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail } from '../../src-shared';
import { createIdGenerator } from '../core/ids';
import type { IntakeRecord } from '../store/hl7-intake-repo';
import { storeAndFile } from '../../test/support/file-messages';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, sendOverMllp } from '../../test/support/mllp-feed';
import { FAKE_CONVERTER, SOURCE } from '../../test/support/fake-converter';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const oru = (controlId: string, mrn: string, family: string, status = 'F') =>
  `MSH|^~\\&|LAB|F|EHR|F|20260101120000||ORU^R01|${controlId}|P|2.5.1\rPID|1||${mrn}||${family}^Ada\rOBR|1||ACC-${controlId}|GLU\rOBX|1|NM|GLU||5.4|mmol/L|||||${status}\r`;
const adt = (controlId: string) => `MSH|^~\\&|PAS|F|EHR|F|20260101120000||ADT^A01|${controlId}|P|2.5.1\rPID|1||777||Moss^Ana\r`;

describe('processing maps a message to FHIR and commits it with the attempt', () => {
  let engine: TempEngine;
  let port: number;
  let connectorId: string;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const fhir = async <T,>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(new URL(`fhir/R4/${path}`, engine.url), init)).json()) as T;
  const messageIdOf = async (controlId: string): Promise<string> => (await call<{ data: { id: string }[] }>('hl7Messages.list', { q: controlId })).data[0]?.id as string;
  const detail = async (controlId: string) => call<Hl7MessageDetail>('hl7Messages.get', { id: await messageIdOf(controlId) });
  const settled = async (id: string, attempts: number): Promise<Hl7MessageDetail> => {
    for (let i = 0; i < 200; i++) {
      const d = await call<Hl7MessageDetail>('hl7Messages.get', { id });
      if (d.attempts.length === attempts && d.attempts.every((a) => a.finishedAt !== null)) return d;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`message ${id} did not settle`);
  };

  beforeAll(async () => {
    // A budget long enough that three messages stored together are processed in one batch (one transaction).
    engine = await startTempEngine({ converterModule: FAKE_CONVERTER, processingBatchBudgetMs: 1000 });
    const active = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    ({ port } = active);
    connectorId = active.connector.id;
  }, 60_000);
  afterAll(() => engine.dispose());

  it('commits the Bundle and links each resource, recording the profile, unmapped data and rule errors on the attempt', async () => {
    const [ack] = await sendOverMllp(port, [oru('MAP-1', 'MRN-1', 'Okafor')]);
    expect(ackCodeOf(ack as string)).toBe('AA');
    const message = await detail('MAP-1');
    expect(message.status).toBe('processed');
    const patients = await fhir<Bundle>('Patient?identifier=urn:mrn|MRN-1');
    const observations = await fhir<Bundle>('Observation?patient.identifier=urn:mrn|MRN-1');
    const patient = patients.entry?.[0]?.resource;
    const observation = observations.entry?.[0]?.resource;
    expect([patients.total, observations.total]).toEqual([1, 1]);
    expect(patient?.meta?.source).toBe(`${SOURCE}${message.id}`);
    const links = await call<{ resourceType: string; resourceId: string; action: string }[]>('hl7Messages.links', { id: message.id });
    expect(links.map(({ resourceType, resourceId, action }) => ({ resourceType, resourceId, action }))).toEqual([
      { resourceType: 'Patient', resourceId: patient?.id, action: 'created' },
      { resourceType: 'Observation', resourceId: observation?.id, action: 'created' },
    ]);
    expect(message.attempts[0]).toMatchObject({ status: 'succeeded', mapping: 'mapped', profile: { name: 'test-oru', version: 3 }, unmapped: [{ path: 'PID-13[2]', count: 1 }], ruleErrors: [{ ruleId: 'obx-units', code: 'MAPPING_UNKNOWN_UNIT' }] });
  });

  it('leaves exactly the same resources when the same message is processed again: same ids, no new version', async () => {
    const id = await messageIdOf('MAP-1');
    const before = await call<{ resourceType: string; resourceId: string }[]>('hl7Messages.links', { id });
    await call('hl7Messages.reprocess', { id });
    const again = await settled(id, 2);
    expect(again.attempts[1]?.status).toBe('succeeded');
    const after = await call<{ resourceType: string; resourceId: string; action: string }[]>('hl7Messages.links', { id });
    expect(after.map((l) => [l.resourceType, l.resourceId, l.action])).toEqual(before.map((l) => [l.resourceType, l.resourceId, 'unchanged']));
    for (const link of after) {
      const history = await fhir<Bundle>(`${link.resourceType}/${link.resourceId}/_history`);
      expect(history.total).toBe(1);
    }
    expect((await fhir<Bundle>('Patient?identifier=urn:mrn|MRN-1')).total).toBe(1);
  });

  it('updates the resource a later message changes and says so in its links', async () => {
    await sendOverMllp(port, [oru('MAP-2', 'MRN-1', 'Okafor-Bell')]);
    const message = await detail('MAP-2');
    const links = await call<{ resourceType: string; action: string }[]>('hl7Messages.links', { id: message.id });
    expect(links.map((l) => [l.resourceType, l.action])).toEqual([['Patient', 'updated'], ['Observation', 'unchanged']]);
    const patient = (await fhir<Bundle>('Patient?identifier=urn:mrn|MRN-1')).entry?.[0]?.resource;
    expect(patient?.meta?.versionId).toBe('2');
  });

  it('fails the attempt with the OperationOutcome text and writes nothing of the Bundle when a resource fails validation', async () => {
    const [ack] = await sendOverMllp(port, [oru('MAP-BAD', 'MRN-BAD', 'Nobody', 'X')]);
    expect(ackCodeOf(ack as string)).not.toBe('AA');
    const message = await detail('MAP-BAD');
    expect(message.status).toBe('dead_lettered');
    expect(message.attempts[0]).toMatchObject({ status: 'failed', errorCode: 'INTEROP_MAPPING_REFUSED' });
    expect(message.attempts[0]?.errorMessage).toMatch(/entry 1: .*Observation\.code\.coding/);
    expect((await fhir<Bundle>('Patient?identifier=urn:mrn|MRN-BAD')).total).toBe(0);
    expect(message.links).toEqual([]);
  });

  it('rolls back only the refused Bundle: the other messages of the same processing batch keep their resources and links', async () => {
    const ids = createIdGenerator();
    const record = (controlId: string, raw: string): IntakeRecord => ({
      id: ids('MSG'), tenantId: engine.tenantId, connectorId, raw: Buffer.from(raw), charset: null, sendingApplication: 'LAB', sendingFacility: null, receivingApplication: null,
      receivingFacility: null, messageType: 'ORU^R01', messageControlId: controlId, versionId: '2.5.1', patientId: null, patientName: null, orderNumbers: null,
      remoteAddress: null, receivedAt: Date.now(), status: 'pending', accepted: true, ackCode: 'AA', ackPayload: null, errorCode: null, errorMessage: null,
    });
    const batch = [record('B-1', oru('B-1', 'MRN-B1', 'First')), record('B-2', oru('B-2', 'MRN-B2', 'Refused', 'X')), record('B-3', oru('B-3', 'MRN-B3', 'Third'))];
    // One intake transaction: the worker finds all three pending in the same turn.
    storeAndFile(engine.store.sqlite, batch, ids);
    const [first, refused, third] = await Promise.all(batch.map((r) => settled(r.id, 1)));
    expect(new Set([first, refused, third].map((m) => m?.attempts[0]?.finishedAt)).size).toBe(1);
    expect([first?.status, refused?.status, third?.status]).toEqual(['processed', 'dead_lettered', 'processed']);
    expect([first?.links.length, refused?.links.length, third?.links.length]).toEqual([2, 0, 2]);
    const totals = await Promise.all(['MRN-B1', 'MRN-B2', 'MRN-B3'].map(async (mrn) => (await fhir<Bundle>(`Patient?identifier=urn:mrn|${mrn}`)).total));
    expect(totals).toEqual([1, 0, 1]);
  });

  it('processes a message no profile covers without resources and says so in the attempt', async () => {
    const [ack] = await sendOverMllp(port, [adt('MAP-ADT')]);
    expect(ackCodeOf(ack as string)).toBe('AA');
    const message = await detail('MAP-ADT');
    expect(message.status).toBe('processed');
    expect(message.attempts[0]).toMatchObject({ status: 'succeeded', mapping: 'no_profile', profile: null, unmapped: [], ruleErrors: [] });
    expect(message.links).toEqual([]);
  });

  it('queues the writes of a type an upstream server owns (FhirWriteQueued) in the same commit', async () => {
    await call('fhirRoutingRules.create', { resourceType: 'Observation', target: 'upstream', serviceUrl: 'http://127.0.0.1:9/fhir/R4' });
    await sendOverMllp(port, [oru('MAP-Q', 'MRN-Q', 'Queued')]);
    const message = await detail('MAP-Q');
    const observation = message.links.find((l) => l.resourceType === 'Observation');
    expect(message.status).toBe('processed');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${engine.dataDir}/interop.db`, { readonly: true });
    try {
      const queued = db.prepare("select aggregate_id as id, json_extract(payload, '$.method') as method from outbox_events where type = 'FhirWriteQueued'").all();
      expect(queued).toEqual([{ id: `Observation/${observation?.resourceId}`, method: 'POST' }]);
    } finally {
      db.close();
    }
  });
});
