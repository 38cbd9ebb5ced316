import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { createIdGenerator } from '../core/ids';
import { silentLogger } from '../core/logger';
import type { RetryPolicy } from '../jobs/retry-policy';
import { createRunner, type Runner } from '../jobs/runner';
import type { IntakeRecord } from '../store/hl7-intake-repo';
import { storeAndFile } from '../../test/support/file-messages';
import { createHl7ProcessingRepo } from '../store/hl7-processing-repo';
import { DEFAULT_TENANT_ID, openStore, type Store } from '../store/open-store';
import { NOT_MAPPED, type MappingStep } from './mapping-step';
import { createProcessingWorker } from './processing-worker';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, factor: 1, maxDelayMs: 1, jitter: 0 };
const ids = createIdGenerator();
const message = 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\rPID|1||42\r';

describe('processing worker', () => {
  let dir: string;
  let store: Store;
  let runner: Runner | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-worker-'));
    store = openStore({ file: join(dir, 'w.db') });
    const now = Date.now();
    store.sqlite.prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_W', ?, 'w', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'active', 1, ?, ?)").run(DEFAULT_TENANT_ID, now, now);
  });
  afterEach(async () => {
    await runner?.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const receive = (controlId: string, raw = message): string => {
    const id = ids('MSG');
    const record: IntakeRecord = {
      id, tenantId: DEFAULT_TENANT_ID, connectorId: 'CONN_W', raw: Buffer.from(raw.replace('|C1|', `|${controlId}|`)), charset: null,
      sendingApplication: 'LAB', sendingFacility: null, receivingApplication: null, receivingFacility: null, messageType: 'ORU^R01',
      messageControlId: controlId, versionId: '2.5.1', patientId: null, patientName: null, orderNumbers: null, remoteAddress: null,
      receivedAt: Date.now(), status: 'pending', accepted: true, ackCode: 'AA', ackPayload: null, errorCode: null, errorMessage: null,
    };
    storeAndFile(store.sqlite, [record], ids);
    return id;
  };
  const start = (mapping: MappingStep, batchBudgetMs?: number, ready?: () => boolean) => {
    const clock = { now: () => Date.now() };
    runner = createRunner({ clock, logger: silentLogger });
    const worker = createProcessingWorker({ runner, repo: createHl7ProcessingRepo(store.sqlite, ids, 'FULL'), batchDelayMs: 0, ...(batchBudgetMs === undefined ? {} : { batchBudgetMs }), ...(ready ? { ready } : {}), mapping, policy, clock, logger: silentLogger, onChange: () => undefined, pollMs: 5 });
    runner.start();
    return worker;
  };
  const row = (id: string) => store.sqlite.prepare('select status, attempt_count as attempts, error_code as code from hl7_messages where id = ?').get(id) as { status: string; attempts: number; code: string | null };
  const events = (id: string) => store.sqlite.prepare('select type from outbox_events where aggregate_id = ? order by rowid').pluck().all(id);

  it('retries a transient failure with backoff and then processes the message', async () => {
    let calls = 0;
    const w = start(() => {
      if (++calls < 3) throw new AppError('unavailable', 'MAPPING_UPSTREAM_DOWN', 'terminology server unreachable');
      return NOT_MAPPED;
    });
    const id = receive('T1');
    await expect(w.whenSettled(id)).resolves.toEqual({ outcome: 'processed' });
    expect(row(id)).toEqual({ status: 'processed', attempts: 3, code: null });
    expect(events(id)).toEqual(['Hl7MessageReceived', 'Hl7MessageFailed', 'Hl7MessageFailed', 'Hl7MessageProcessed']);
  });

  it('dead-letters after the last attempt and records an interface error', async () => {
    const w = start(() => {
      throw new AppError('unavailable', 'MAPPING_UPSTREAM_DOWN', 'terminology server unreachable');
    });
    const id = receive('T2');
    await expect(w.whenSettled(id)).resolves.toMatchObject({ outcome: 'failed' });
    expect(row(id)).toEqual({ status: 'dead_lettered', attempts: 3, code: 'MAPPING_UPSTREAM_DOWN' });
    expect(events(id).at(-1)).toBe('Hl7MessageDeadLettered');
    expect(store.sqlite.prepare("select count(*) from interface_errors where message_id = ? and status = 'open'").pluck().get(id)).toBe(1);
  });

  it('does not retry a permanent failure', async () => {
    const w = start(() => {
      throw new AppError('validation', 'MAPPING_INVALID', 'PID-3 is empty');
    });
    const id = receive('T3');
    await w.whenSettled(id);
    expect(row(id)).toEqual({ status: 'dead_lettered', attempts: 1, code: 'MAPPING_INVALID' });
  });

  it('dead-letters a stored message the codec cannot parse at once, under the codec\'s code and never reaching the mapping step', async () => {
    let mapped = 0;
    const w = start(() => {
      mapped++;
      return NOT_MAPPED;
    });
    const id = receive('T5', 'PID|1||123\r');
    await w.whenSettled(id);
    expect(row(id)).toEqual({ status: 'dead_lettered', attempts: 1, code: 'HL7_NO_MSH' });
    expect(mapped).toBe(0);
  });

  it('dead-letters a message whose mapping step asks for a path the codec cannot read, under the codec\'s code', async () => {
    const w = start((parsed) => {
      parsed.get('PID-0');
      return NOT_MAPPED;
    });
    const id = receive('T6');
    await expect(w.whenSettled(id)).resolves.toEqual({ outcome: 'failed', reason: 'HL7_BAD_PATH: PID-0: positions start at 1' });
    expect(row(id)).toEqual({ status: 'dead_lettered', attempts: 1, code: 'HL7_BAD_PATH' });
  });

  it('resumes messages left in processing by a crash', async () => {
    const id = receive('T4');
    store.sqlite.prepare("update hl7_messages set status = 'processing' where id = ?").run(id);
    const w = start(() => NOT_MAPPED);
    await w.whenSettled(id);
    expect(row(id).status).toBe('processed');
  });

  it('waits while it is not ready (the FHIR definitions still loading), then processes once told', async () => {
    let ready = false;
    const w = start(() => NOT_MAPPED, undefined, () => ready);
    const id = receive('R1');
    w.notify();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(row(id).status).toBe('pending');
    ready = true;
    w.notify();
    await expect(w.whenSettled(id)).resolves.toEqual({ outcome: 'processed' });
  });

  it('processes in arrival order', async () => {
    const seen: string[] = [];
    const ids = ['O1', 'O2', 'O3', 'O4'].map((c) => receive(c));
    const w = start((m) => {
      seen.push(m.header.controlId);
      return NOT_MAPPED;
    });
    await w.whenSettled(ids[3] as string);
    expect(seen).toEqual(['O1', 'O2', 'O3', 'O4']);
  });

  it('ends a batch once its time budget is spent, so slow mapping hands the event loop back between transactions', async () => {
    const messages = ['S1', 'S2', 'S3', 'S4', 'S5'].map((c) => receive(c));
    const w = start(() => {
      const until = performance.now() + 30;
      while (performance.now() < until);
      return NOT_MAPPED;
    }, 50);
    await Promise.all(messages.map((id) => w.whenSettled(id)));
    const batches = store.sqlite.prepare(`select count(distinct finished_at) from hl7_processing_attempts where message_id in (${messages.map(() => '?').join(',')})`).pluck().get(...messages);
    expect(messages.map((id) => row(id).status)).toEqual(Array(5).fill('processed'));
    expect(batches).toBeGreaterThanOrEqual(3);
  });
});
