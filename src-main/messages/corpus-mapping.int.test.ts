import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, DiagnosticReport, Patient, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail } from '../../src-shared';
import { decodeHl7, parse, type Hl7Message } from '../hl7';
import { MllpClient } from '../mllp/client';
import { defaultProfileFor, messageTypeOf } from '../mapping/default-profiles';
import { readField } from '../mapping/datatypes/v2-value';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, HL7_CORPUS } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

/**
 * Every corpus message of a type a default profile covers, sent over MLLP to a real engine (real socket,
 * real SQLite data dir) and mapped by the engine's own profiles into its FHIR store at /fhir/R4.
 */

/** Corpus message types no default profile covers, and why: the rest of the corpus must be covered. */
const EXCLUDED_TYPES: Record<string, string> = {
  'ADT^A14': 'pending admit: a planned Encounter, not in issue 12’s ADT list',
  'ADT^A15': 'pending transfer: as A14',
  'ADT^A16': 'pending discharge: as A14',
  'ADT^A25': 'cancel pending discharge: pending events (A14–A16) are not mapped, so neither are their cancels',
  'ADT^A26': 'cancel pending transfer: as A25',
  'ADT^A27': 'cancel pending admit: as A25',
  'ADT^A29': 'delete person information: a delete, not a create/update',
  'ADT^A41': 'merge account: an Account merge, we make no Account',
  'ADT^A45': 'move visit information: moves Encounters between accounts, not in issue 12’s ADT list',
  'ADT^A47': 'change patient identifier list: an identifier rewrite, not in issue 12’s ADT list',
  'ADT^A60': 'update allergy information (IAM segments): not in issue 12’s ADT list',
  'MDM^T01': 'original document notification without content: issue 12 maps MDM^T02 (with content) only',
  'MDM^T05': 'document addendum notification: as T01',
  'MDM^T06': 'document addendum with content: issue 12 maps T02 only',
  'MDM^T09': 'document replacement notification: as T01',
  'MDM^T10': 'document replacement with content: issue 12 maps T02 only',
  'SIU^S16': 'discontinue appointment: issue 12 maps SIU^S12–S15 only',
  'SIU^S17': 'delete appointment: issue 12 maps SIU^S12–S15 only',
  'SIU^S26': 'patient did not show up: issue 12 maps SIU^S12–S15 only',
  'BAR^P01': 'not one of the types issue 12 maps (billing account)',
  'BAR^P02': 'not one of the types issue 12 maps (billing account)',
  'BAR^P12': 'not one of the types issue 12 maps (billing account)',
  'DFT^P03': 'not one of the types issue 12 maps (financial transaction)',
  'DFT^P11': 'not one of the types issue 12 maps (financial transaction)',
  'OMG^O19': 'not one of the types issue 12 maps (general clinical order)',
  'OUL^R22': 'not one of the types issue 12 maps (unsolicited specimen-oriented result)',
  'OUL^R23': 'not one of the types issue 12 maps (unsolicited specimen container result)',
  'OUL^R24': 'not one of the types issue 12 maps (unsolicited order-oriented result)',
  'PPR^PC1': 'not one of the types issue 12 maps (problem add)',
  'PPR^PC2': 'not one of the types issue 12 maps (problem update)',
  'PPR^PC3': 'not one of the types issue 12 maps (problem delete)',
  'RDE^O11': 'not one of the types issue 12 maps (pharmacy encoded order)',
  'RDE^O25': 'not one of the types issue 12 maps (pharmacy refill order)',
  'RDS^O13': 'not one of the types issue 12 maps (pharmacy dispense)',
  'REF^I12': 'not one of the types issue 12 maps (patient referral)',
  'REF^I14': 'not one of the types issue 12 maps (cancel referral)',
};

/** hl7v2/malformed/ is deliberately invalid (SOURCES.md says why); none of it is sent here. */
const MALFORMED: Record<string, string> = {
  'cdcdex_Lyme_WithBadDelimiters.hl7': 'MSH-2 encoding characters are all the same character',
  'cdcdex_PHLIP_FLU_NO_MSH9.hl7': 'MSH-9 message type empty',
  'cdcdex_PHLIP_FLU_NO_MSH10.hl7': 'MSH-10 control id empty',
  'cdcdex_PHLIP_FLU_NO_MSH12.hl7': 'MSH-12 version id empty',
  'cdcdex_PHLIP_FLU_PID5_ERROR.hl7': 'content error: PID-5 is the bare string Pid5',
  'cdcdex_empty.hl7': 'empty file',
  'cdcdex_Genv1_junk_before_MSH.hl7': 'three junk lines before MSH',
  'cdcdex_PID_only_no_MSH.hl7': 'a PID segment, no MSH',
  'cdcdex_Hepatitis_TC02_truncated_MSH.hl7': 'MSH truncated after MSH-3, segments cut short',
  'cdcdex_GenV1_withStructureErrors.hl7': 'profile-invalid: MSH-5 without application id, OBX set ids out of sequence',
};

interface CorpusEntry {
  name: string;
  bytes: Buffer;
  message: Hl7Message;
  type: string;
}

const entryOf = (name: string, bytes: Buffer): CorpusEntry => {
  const message = parse(decodeHl7(bytes).text);
  return { name, bytes, message, type: messageTypeOf(message.header.messageCode, message.header.triggerEvent) };
};

/** One message per file; a batch/ file is two messages back to back (no FHS/BHS), split at each MSH. */
function readCorpus(): CorpusEntry[] {
  const single = readdirSync(HL7_CORPUS).filter((f) => f.endsWith('.hl7')).sort().map((f) => entryOf(f, readFileSync(join(HL7_CORPUS, f))));
  const batches = readdirSync(join(HL7_CORPUS, 'batch'))
    .filter((f) => f.endsWith('.hl7'))
    .sort()
    .flatMap((f) => {
      const text = readFileSync(join(HL7_CORPUS, 'batch', f), 'utf8');
      return text.split(/\r(?=MSH\|)/).map((part, i) => entryOf(`batch/${f}#${i + 1}`, Buffer.from(part.endsWith('\r') ? part : `${part}\r`)));
    });
  return [...single, ...batches];
}

const corpus = readCorpus();
const mapped = corpus.filter((e) => defaultProfileFor(e.type) !== undefined);

const FAMILIES = ['ADT', 'ORU', 'ORM', 'OML', 'SIU', 'MDM', 'VXU'];
/** One message of each family, processed twice through the reprocess operation. */
const REPROCESSED = ['msfc_ADT-A01-01.hl7', 'msfc_LAB-ORU-1.hl7', 'msfc_ORM-O01-02.hl7', 'msfc_OML-O21-01.hl7', 'msfc_SIU-S12-01.hl7', 'msfc_MDM-T02-01.hl7', 'msfc_VXU-V04-01.hl7'];

/** An OBX that makes an Observation: a code and a value (not the v2 null `""`, not only separators), not an embedded ED report. */
const valued = (field: string): boolean => field !== '' && !/^(""|[\^&~]*)$/.test(field);
const valuedObxCount = (message: Hl7Message): number => message.segments('OBX').filter((obx) => valued(obx.field(3)) && valued(obx.field(5)) && obx.field(2) !== 'ED').length;
/** The data (ED.5, whitespace dropped) of each embedded report a result's orders carry: R4 has no Observation value for it, the report's presentedForm holds it. */
const embeddedReports = (message: Hl7Message): string[] =>
  message.segments('OBX').filter((obx) => obx.field(2) === 'ED').map((obx) => (readField(obx, 5)[0]?.[4]?.[0] ?? '').replace(/\s+/g, '')).filter((data) => data !== '');
/** Text lines a sender left without a code (OBX-3 empty): no Observation can carry them, the report's text does. */
const uncodedTextLines = (message: Hl7Message): string[] =>
  message.segments('OBX').filter((obx) => obx.field(3) === '' && ['TX', 'FT', 'ST'].includes(obx.field(2)) && valued(obx.field(5))).map((obx) => obx.field(5));

describe('every corpus message of a mapped type becomes FHIR over MLLP', () => {
  let engine: TempEngine;
  let fhir: Client;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const search = async (resourceType: string, searchParams: Record<string, string>): Promise<Bundle> => (await fhir.search({ resourceType, searchParams })) as unknown as Bundle;
  const idsOf = (bundle: Bundle): string[] => (bundle.entry ?? []).map((e) => e.resource?.id as string);
  /** Sends each entry on one connection, each after the previous ACK; resolves with the stored message of each. */
  const sendAll = async (port: number, connectorId: string, entries: readonly CorpusEntry[]): Promise<Map<string, { ack: string | undefined; detail: Hl7MessageDetail }>> => {
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 30_000 });
    const sent = new Map<string, { ack: string | undefined; detail: Hl7MessageDetail }>();
    try {
      for (const entry of entries) {
        const ack = ackCodeOf((await client.send(entry.bytes)).toString('utf8'));
        // The ACK comes after processing, and the log lists newest first: the first row is this message.
        const [newest] = (await call<{ data: { id: string }[] }>('hl7Messages.list', { connectorId, pageSize: 1 })).data;
        sent.set(entry.name, { ack, detail: await call<Hl7MessageDetail>('hl7Messages.get', { id: newest?.id as string }) });
      }
    } finally {
      await client.close();
    }
    return sent;
  };
  const settled = async (id: string, attempts: number): Promise<Hl7MessageDetail> => {
    for (let i = 0; i < 400; i++) {
      const detail = await call<Hl7MessageDetail>('hl7Messages.get', { id });
      if (detail.attempts.length === attempts && detail.attempts.every((a) => a.finishedAt !== null)) return detail;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`message ${id} did not settle`);
  };
  const versionsOf = async (detail: Hl7MessageDetail) =>
    Promise.all(detail.links.map(async (l) => [`${l.resourceType}/${l.resourceId}`, ((await fhir.read({ resourceType: l.resourceType, id: l.resourceId })) as unknown as Resource).meta?.versionId]));

  beforeAll(async () => {
    engine = await startTempEngine();
    fhir = new Client({ baseUrl: `${engine.url}fhir/R4` });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('leaves a corpus message of no mapped type only when its type is listed with a reason, and sends one of each mapped type', () => {
    const unmappedTypes = new Set(corpus.filter((e) => !defaultProfileFor(e.type)).map((e) => e.type));
    // ACK and QRY^Q01 are in the corpus's manifest but not in shared/hl7v2 here; only what is present must be listed.
    expect([...unmappedTypes].sort()).toEqual(Object.keys(EXCLUDED_TYPES).filter((t) => unmappedTypes.has(t)).sort());
    expect(Object.keys(EXCLUDED_TYPES).filter((t) => !unmappedTypes.has(t))).toEqual([]);
    expect(readdirSync(join(HL7_CORPUS, 'malformed')).filter((f) => f.endsWith('.hl7')).sort()).toEqual(Object.keys(MALFORMED).sort());
    expect(new Set(mapped.map((e) => e.type.split('^')[0]))).toEqual(new Set(FAMILIES));
    expect(REPROCESSED.every((name) => mapped.some((e) => e.name === name))).toBe(true);
  });

  it('reprocessing a message of each family leaves exactly the same resources: same ids, versions unchanged, links unchanged', async () => {
    // Its own connector, before the rest of the corpus; each reprocessed before the next is sent, as these
    // samples share a Patient that each message updates with what it says.
    const { connector, port } = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    for (const entry of mapped.filter((e) => REPROCESSED.includes(e.name))) {
      const { name } = entry;
      const { ack, detail: before } = (await sendAll(port, connector.id, [entry])).get(name)!;
      expect.soft({ name, ack, status: before.status }).toEqual({ name, ack: 'AA', status: 'processed' });
      const versionsBefore = await versionsOf(before);
      const reprocessed = await fetch(new URL(`api/v1/hl7-messages/${before.id}/reprocess`, engine.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(reprocessed.status).toBe(202);
      const after = await settled(before.id, 2);
      expect.soft({ name, status: after.attempts[1]?.status }).toEqual({ name, status: 'succeeded' });
      expect.soft(after.links.map((l) => [l.resourceType, l.resourceId, name])).toEqual(before.links.map((l) => [l.resourceType, l.resourceId, name]));
      expect.soft({ name, changed: after.links.filter((l) => l.action !== 'unchanged').map((l) => l.resourceType) }).toEqual({ name, changed: [] });
      expect.soft(await versionsOf(after)).toEqual(versionsBefore);
    }
  }, 60_000);

  it('maps each one: the attempt succeeds with every resource valid, the Patient is found by its PID-3 identifier, each valued OBX of a result is an Observation found by patient.identifier, each embedded (ED) report in a report’s presentedForm', async () => {
    const { connector, port } = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    const sent = await sendAll(port, connector.id, mapped);
    expect(sent.size).toBe(mapped.length);
    for (const entry of mapped) {
      const { ack, detail } = sent.get(entry.name)!;
      const attempt = detail.attempts[0];
      // A refused resource fails the attempt (INTEROP_MAPPING_REFUSED) and writes nothing: success means every one passed validation.
      expect.soft({ name: entry.name, ack, status: detail.status, attempt: attempt?.status, errorCode: attempt?.errorCode, mapping: attempt?.mapping, error: attempt?.errorMessage ?? null }).toEqual({
        name: entry.name, ack: 'AA', status: 'processed', attempt: 'succeeded', errorCode: null, mapping: 'mapped', error: null,
      });
      const linked = (type: string) => detail.links.filter((l) => l.resourceType === type).map((l) => l.resourceId);
      const patients = linked('Patient');
      // A merge (A40) also names the records merged away (MRG-1), each a Patient of its own; an A06/A07 MRG names the prior account (MRG-3).
      const merged = entry.type === 'ADT^A40' ? entry.message.segments('MRG').length : 0;
      expect.soft({ name: entry.name, patients: patients.length }).toEqual({ name: entry.name, patients: entry.message.segments('PID').length + merged });
      const keys: string[] = [];
      for (const pid of entry.message.segments('PID')) {
        const value = readField(pid, 3)[0]?.[0]?.[0] as string;
        const byValue = await search('Patient', { identifier: value, _count: '1000' });
        const patient = byValue.entry?.map((e) => e.resource as Patient).find((p) => patients.includes(p.id as string));
        expect.soft({ name: entry.name, value, found: patient !== undefined }).toEqual({ name: entry.name, value, found: true });
        const system = patient?.identifier?.find((i) => i.value === value)?.system;
        const key = system ? `${system}|${value}` : value;
        if (system) expect.soft(idsOf(await search('Patient', { identifier: key }))).toEqual([patient?.id]);
        keys.push(key);
      }
      if (entry.type !== 'ORU^R01') continue;
      const observations = linked('Observation');
      expect.soft({ name: entry.name, observations: observations.length }).toEqual({ name: entry.name, observations: valuedObxCount(entry.message) });
      const found = new Set<string>();
      for (const key of keys) for (const id of idsOf(await search('Observation', { 'patient.identifier': key, _count: '1000', _elements: 'id' }))) found.add(id);
      expect.soft({ name: entry.name, missing: observations.filter((id) => !found.has(id)) }).toEqual({ name: entry.name, missing: [] });
      const lines = uncodedTextLines(entry.message);
      const embedded = embeddedReports(entry.message);
      if (lines.length === 0 && embedded.length === 0) continue;
      const reports = await Promise.all(linked('DiagnosticReport').map(async (id) => (await fhir.read({ resourceType: 'DiagnosticReport', id })) as unknown as DiagnosticReport));
      const forms = reports.flatMap((r) => r.presentedForm ?? []);
      const text = forms.map((a) => Buffer.from(a.data ?? '', 'base64').toString('utf8')).join('\n');
      expect.soft({ name: entry.name, notInReportText: lines.filter((line) => !text.includes(line)) }).toEqual({ name: entry.name, notInReportText: [] });
      expect.soft({ name: entry.name, notInPresentedForm: embedded.filter((data) => !forms.some((a) => a.data === data)) }).toEqual({ name: entry.name, notInPresentedForm: [] });
    }
  }, 120_000);
});
