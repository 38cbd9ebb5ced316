import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { interfaceErrors, tenants } from '../../db/schema';
import type { Connector, Hl7MappingProfile, InterfaceError, InterfaceErrorGroup, OutboundItem } from '../../src-shared';
import type { IntegrationRunKind } from '../jobs/run-kind';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startMllpReceiver, type MllpReceiver } from '../../test/support/mllp-receiver';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const ORU = corpusMessage('msfc_LAB-ORU-1.hl7'); // PID-5 DUCK^DONALD^D
/** The corpus result with its control id (MSH-10) replaced: one message per id. */
const oru = (controlId: string): string => ORU.replace('|ORU^R01|182|', `|ORU^R01|${controlId}|`);
const adt = (app: string, controlId: string) => `MSH|^~\\&|${app}|F|EHR|F|20260101120000||ADT^A08|${controlId}|P|2.5.1\rEVN|A08\rPID|1||MRN-${controlId}||Doe^Ann\r`;

const body = <T,>(answer: { body: unknown }) => answer.body as T;

/** A job kind whose every run refuses one record, as a sync refuses a resource. */
const refusingKind: IntegrationRunKind<Record<string, never>> = {
  kind: 'refusing',
  config: z.object({}).strict(),
  async run(ctx) {
    ctx.recordError({ record: 'Patient/p1', code: 'SYNC_UPSTREAM_REFUSED', message: 'the upstream refused the resource: required at Patient.name' });
  },
};

describe('interface errors grouped by cause, over HTTP', () => {
  let engine: TempEngine;
  let api: TestTransport;
  const peers: MllpReceiver[] = [];

  const eventually = async <T,>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 60_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`${what}: ${JSON.stringify(value).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const groups = async (input: Record<string, unknown> = {}) => body<{ data: InterfaceErrorGroup[]; total: number }>(await api.call('interfaceErrors.groups', input));
  const errors = async (input: Record<string, unknown>) => body<{ data: InterfaceError[]; total: number }>(await api.call('interfaceErrors.list', { pageSize: 500, ...input }));

  beforeAll(async () => {
    engine = await startTempEngine({ outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 2 }, integrationRunKinds: [refusingKind] });
    api = httpTransport(engine.url as string);
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    for (const peer of peers) await peer.stop();
  });

  it('shows one problem with 40 messages for a rule that fails on each, and reprocessing the group after the fix clears it', async () => {
    const created = await api.call('hl7MappingProfiles.create', {
      name: 'Results with a bad rule',
      messageTypes: ['ORU^R01'],
      resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update' } }],
      rules: [
        { id: 'identifier', resource: 'patient', source: 'PID-3[*]', target: 'identifier[+]', transform: 'cx_to_identifier' },
        { id: 'births', resource: 'patient', source: 'PID-5.1', target: 'multipleBirthInteger', transform: 'to_number' },
      ],
    });
    expect(created.status).toBe(201);
    const profile = body<Hl7MappingProfile>(created);
    const { port, connector } = await activeMllpConnector(engine, { mappingProfiles: { 'ORU^R01': profile.id } });
    const ids = Array.from({ length: 40 }, (_, i) => `IE-${i + 1}`);
    expect(new Set((await sendOverMllp(port, ids.map(oru))).map(ackCodeOf))).toEqual(new Set(['AA']));

    const [group, ...others] = (await eventually(() => groups({ connectorId: connector.id }), (page) => page.data[0]?.count === 40, 'no group of 40')).data;
    expect(others).toEqual([]);
    expect(group).toMatchObject({
      code: 'INTEROP_MAPPING_RULE_FAILED',
      cause: 'INTEROP_MAPPING_RULE_FAILED · Results with a bad rule v1 · rule births PID-5.1→multipleBirthInteger',
      sources: ['message'],
      connectorIds: [connector.id],
      count: 40,
    });
    const causeKey = (group as InterfaceErrorGroup).causeKey;
    const sample = body<InterfaceError>(await api.call('interfaceErrors.get', { id: group?.sampleErrorId }));
    expect(sample).toMatchObject({ status: 'open', source: 'message', causeKey });
    expect(sample.message).not.toContain('DUCK');

    const fixed = await api.call('hl7MappingProfiles.rules.update', { id: profile.id, ruleId: 'births', version: profile.version, rule: { id: 'births', resource: 'patient', source: 'PID-5.1', target: 'name[0].family' } });
    expect(fixed.status).toBe(200);
    const stale = await api.call('interfaceErrors.reprocessMatching', { causeKey, expectedCount: 39 });
    expect([stale.status, body<{ error: { code: string } }>(stale).error.code]).toEqual([409, 'INTEROP_INTERFACE_ERRORS_COUNT_CHANGED']);
    const reprocessed = await api.call('interfaceErrors.reprocessMatching', { causeKey, expectedCount: 40 });
    expect([reprocessed.status, reprocessed.body]).toEqual([202, { changed: 40, skipped: 0 }]);

    expect((await groups({ connectorId: connector.id })).data).toEqual([]);
    expect((await errors({ causeKey, status: 'reprocessed' })).total).toBe(40);
    const messages = await eventually(
      async () => body<{ data: { status: string; attemptCount: number }[] }>(await api.call('hl7Messages.list', { connectorId: connector.id, pageSize: 100 })).data,
      (rows) => rows.length === 40 && rows.every((m) => m.status === 'processed' && m.attemptCount === 2),
      'messages not reprocessed',
    );
    expect(messages).toHaveLength(40);
    // Processed without the rule failing: no new error, the 40 stay reprocessed.
    expect((await errors({ connectorId: connector.id, status: 'open' })).total).toBe(0);
    expect((await errors({ causeKey, status: 'reprocessed' })).total).toBe(40);
  }, 180_000);

  /** An inbound connector whose ORU^R01 profile always fails a rule (PID-5.1 is no number): each message gives one error. */
  const alwaysFailingOruConnector = async (name: string) => {
    const created = await api.call('hl7MappingProfiles.create', {
      name,
      messageTypes: ['ORU^R01'],
      resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update' } }],
      rules: [
        { id: 'identifier', resource: 'patient', source: 'PID-3[*]', target: 'identifier[+]', transform: 'cx_to_identifier' },
        { id: 'births', resource: 'patient', source: 'PID-5.1', target: 'multipleBirthInteger', transform: 'to_number' },
      ],
    });
    return activeMllpConnector(engine, { mappingProfiles: { 'ORU^R01': body<Hl7MappingProfile>(created).id } });
  };

  it('records a new open error when a reprocessed message fails again, and refuses actions on an error no longer open', async () => {
    const { port, connector } = await alwaysFailingOruConnector('Always bad');
    await sendOverMllp(port, [oru('AGAIN-1')]);
    const [first] = (await eventually(() => errors({ connectorId: connector.id }), (page) => page.total === 1, 'no error')).data;
    const reprocessed = await api.call('interfaceErrors.reprocess', { id: first?.id });
    expect([reprocessed.status, body<InterfaceError>(reprocessed).status]).toEqual([202, 'reprocessed']);
    const after = await eventually(() => errors({ connectorId: connector.id }), (page) => page.total === 2, 'no second error');
    expect(after.data.map((e) => e.status).sort()).toEqual(['open', 'reprocessed']);

    const again = await api.call('interfaceErrors.resolve', { id: first?.id });
    expect([again.status, body<{ error: { code: string; details: unknown } }>(again).error]).toEqual([409, expect.objectContaining({ code: 'INTEROP_INTERFACE_ERROR_STATE', details: { id: first?.id, status: 'reprocessed' } })]);
    const open = after.data.find((e) => e.status === 'open') as InterfaceError;
    expect(body<InterfaceError>(await api.call('interfaceErrors.ignore', { id: open.id })).status).toBe('ignored');
    const missing = await api.call('interfaceErrors.get', { id: 'IERR_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect([missing.status, body<{ error: { code: string } }>(missing).error.code]).toEqual([404, 'INTEROP_INTERFACE_ERROR_NOT_FOUND']);
  }, 120_000);

  it('counts a message once in its group when it is reprocessed from the message log and fails the same way again', async () => {
    const { port, connector } = await alwaysFailingOruConnector('Bad from the log');
    await sendOverMllp(port, [oru('LOG-1')]);
    const [first] = (await eventually(() => errors({ connectorId: connector.id }), (page) => page.total === 1, 'no error')).data;
    expect((await api.call('hl7Messages.reprocess', { id: first?.messageId })).status).toBe(202);

    const after = await eventually(() => errors({ connectorId: connector.id }), (page) => page.total === 2, 'no second error');
    expect(after.data.map((e) => [e.messageId, e.status]).sort()).toEqual([
      [first?.messageId, 'open'],
      [first?.messageId, 'reprocessed'],
    ]);
    expect((await groups({ connectorId: connector.id })).data.map((g) => g.count)).toEqual([1]);
  }, 120_000);

  it('records an outbound dead letter as an outbound error of its destination, and reprocess requeues the item', async () => {
    const peer = await startMllpReceiver({ answer: (_m, index) => (index === 0 ? 'AR' : 'AA') });
    peers.push(peer);
    const inbound = await activeMllpConnector(engine);
    const ctx = { tenantId: engine.tenantId, actor: 'test' };
    const destination = await engine.dispatcher.dispatch('connectors.create', { name: 'AR peer', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port }, ctx);
    const destinationId = (destination.ok ? (destination.value as Connector) : undefined)?.id as string;
    await engine.dispatcher.dispatch('connectors.activate', { id: destinationId }, ctx);
    await engine.dispatcher.dispatch('outboundRoutes.create', { name: 'to the AR peer', sourceConnectorId: inbound.connector.id, destinationConnectorId: destinationId }, ctx);
    await sendOverMllp(inbound.port, [adt('OUT', 'OUT-1')]);

    const [error] = (await eventually(() => errors({ source: 'outbound', connectorId: destinationId }), (page) => page.total === 1, 'no outbound error')).data;
    expect(error).toMatchObject({ source: 'outbound', connectorId: destinationId, status: 'open', cause: `${error?.code} · destination ${destinationId}` });
    expect(error?.outboundItemId).toMatch(/^OBI_/);
    expect(error?.messageId).toMatch(/^MSG_/);

    expect(body<InterfaceError>(await api.call('interfaceErrors.reprocess', { id: error?.id })).status).toBe('reprocessed');
    const items = await eventually(
      async () => body<{ data: OutboundItem[] }>(await api.call('outboundItems.list', { destinationConnectorId: destinationId })).data,
      (rows) => rows[0]?.status === 'delivered',
      'item not delivered after requeue',
    );
    expect(items.map((i) => i.id)).toEqual([error?.outboundItemId]);
  }, 120_000);

  it('records a run record error and a failed import line as record-level errors, which cannot be reprocessed from here', async () => {
    const job = body<{ id: string }>(await api.call('integrationJobs.create', { name: 'Refusing sync', kind: 'refusing' }));
    const run = body<{ id: string }>(await api.call('integrationJobs.run', { id: job.id }));
    const [runError] = (await eventually(() => errors({ source: 'run' }), (page) => page.total === 1, 'no run error')).data;
    expect(runError).toMatchObject({ runId: run.id, record: 'Patient/p1', code: 'SYNC_UPSTREAM_REFUSED', cause: `SYNC_UPSTREAM_REFUSED · job ${job.id} · Patient.name`, messageId: null });

    const lines = [JSON.stringify({ resourceType: 'Patient', id: 'ok-1', gender: 'female' }), '{ not json', JSON.stringify({ resourceType: 'Patient', id: 'ok-2', gender: 'male' })].join('\n');
    const batch = body<{ id: string }>(await api.call('dataImportBatches.create', { fileName: 'patients.ndjson', format: 'fhir-ndjson', content: lines }));
    const [batchError] = (await eventually(() => errors({ source: 'batch' }), (page) => page.total === 1, 'no batch error')).data;
    expect(batchError).toMatchObject({ record: `${batch.id} line 2`, status: 'open' });
    expect(batchError?.cause.startsWith(`${batchError.code} · fhir-ndjson import`)).toBe(true);

    for (const e of [runError, batchError]) {
      const refused = await api.call('interfaceErrors.reprocess', { id: e?.id });
      expect([refused.status, body<{ error: { code: string } }>(refused).error.code]).toEqual([422, 'INTEROP_INTERFACE_ERROR_NOT_REPROCESSABLE']);
    }
    expect((await api.call('interfaceErrors.resolveMatching', { source: 'batch', expectedCount: 1 })).body).toEqual({ changed: 1, skipped: 0 });
  }, 60_000);

  it("answers 403 for another tenant's error and leaves it out of lists, groups and bulk actions", async () => {
    const now = Date.now();
    engine.store.db.insert(tenants).values({ id: 'TEN_OTHER', name: 'Other clinic', createdAt: now }).onConflictDoNothing().run();
    const id = 'IERR_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    engine.store.db
      .insert(interfaceErrors)
      .values({ id, tenantId: 'TEN_OTHER', code: 'HL7_HEADER_REJECTED', message: 'MSH-9 message type is empty', source: 'message', causeKey: 'HL7_HEADER_REJECTED · MSH-9', cause: 'HL7_HEADER_REJECTED · MSH-9', status: 'open', createdAt: now })
      .run();
    for (const op of ['interfaceErrors.get', 'interfaceErrors.resolve', 'interfaceErrors.reprocess'] as const) {
      const answer = await api.call(op, { id });
      expect([op, answer.status, body<{ error: { code: string } }>(answer).error.code]).toEqual([op, 403, 'INTEROP_TENANT_MISMATCH']);
    }
    const causeKey = 'HL7_HEADER_REJECTED · MSH-9';
    expect((await groups({ causeKey })).total).toBe(0);
    expect((await errors({ causeKey })).total).toBe(0);
    expect((await api.call('interfaceErrors.resolveMatching', { causeKey })).body).toEqual({ changed: 0, skipped: 0 });
    expect(engine.store.sqlite.prepare('SELECT status FROM interface_errors WHERE id = ?').pluck().get(id)).toBe('open');
  });
});
