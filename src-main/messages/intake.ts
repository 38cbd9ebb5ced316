import { monotonicFactory } from 'ulid';
import type { ConnectorSettings } from '../../src-shared';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import { pooledRandom, type IdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import { ackCodeFor, buildAck, formatHl7Timestamp, salvageHeader, type HeaderPolicy, type Hl7Header } from '../hl7';
import type { MllpConnectionInfo, MllpHandler } from '../mllp/listener';
import { Count, observeAck, type MetricsRecorder } from '../monitoring/metrics-recorder';
import { isStorageRefusal, type Hl7IntakeRepo, type IntakeRecord, type IntakeResult } from '../store/hl7-intake-repo';
import { STORE_FSYNC_FAILED, type WalSync } from '../store/wal-sync';
import { assessFrame, type AckStamp, type FrameAssessment, type PreparedAck } from './assess-frame';
import { createGroupCommitter } from './group-commit';
import { STORE_DISK_SPACE_LOW, type DiskGuard, type DiskRefusal } from '../store-care/disk-guard';

/** A record for the group commit, and whether its connector asks for FULL durability (an fsync before the ACK). */
interface Submitted {
  record: IntakeRecord;
  full: boolean;
}

/** A committed record's result, and its group's fsync: resolves with the fsync's failure, or undefined once on disk. */
interface Committed {
  result: IntakeResult;
  durable: Promise<unknown>;
}

const NOTHING_TO_SYNC: Promise<unknown> = Promise.resolve(undefined);
/** The failure a promise rejects with, or undefined when it fulfils: never an unhandled rejection, whoever awaits it. */
const failureOf = (done: Promise<void>): Promise<unknown> => done.then(() => undefined, (error: unknown) => error ?? new Error('fsync failed'));

/** MSH-12 for answers to frames whose own version could not be read. */
const FALLBACK_VERSION = '2.5.1';

export interface IntakeConnector {
  connectorId: string;
  tenantId: string;
  policy: HeaderPolicy;
  settings: ConnectorSettings;
}

/** How a message's processing ended, as far as its ACK is concerned; `stopped` is no outcome (the engine is stopping). */
export type Settlement = { outcome: 'processed' } | { outcome: 'failed'; reason: string } | { outcome: 'stopped' };

/** The processing side, as intake sees it. */
export interface ProcessingSignal {
  /** New pending messages exist. */
  notify(): void;
  /** Resolves with the message's outcome, at once if it is already stored; for ACK-after-processing. */
  whenSettled(messageId: string): Promise<Settlement>;
}

/** Why intake stopped accepting messages; it stays stopped until the engine restarts. */
export interface IntakeHalt {
  code: string;
  /** The OS error code (EIO, ENOSPC…), never content. */
  errno: string;
  message: string;
}

export interface IntakeDeps {
  repo: Hl7IntakeRepo;
  /** Makes committed groups durable against power loss, for connectors at durability FULL. */
  walSync: WalSync;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  processing: ProcessingSignal;
  /** Called once when intake halts (a failed fsync): the listeners stop and the console says why. */
  onHalt?: (halt: IntakeHalt) => void;
  /** Per-connector counts (accepted, rejected) and ACK latency, kept in memory until the metrics flush. */
  metrics?: MetricsRecorder;
  /** The free-disk guard's cached decision: while it refuses, frames are answered AR and recorded as refused. */
  diskGuard?: Pick<DiskGuard, 'refusal'>;
  maxBatch?: number;
}

/** What became of a message stored from a file. */
export interface FileMessageResult {
  id: string;
  /** pending: accepted for processing; failed: rejected at intake (recorded with its interface error). */
  status: 'pending' | 'failed';
  /** The same message (connector, MSH-10, MSH-3, content) was already kept: counted on it, not stored again. */
  duplicate: boolean;
}

export interface Intake {
  handlerFor(connector: IntakeConnector): MllpHandler;
  /**
   * Stores one message that arrived in a file (SFTP folder polling) with the same assessment, dedup,
   * group commit and durability as an MLLP frame, and no ACK. `source` is kept as the message's
   * remote address. Resolves once the message is on disk; rejects when it could not be stored.
   */
  acceptFromFile(connector: IntakeConnector, payload: Buffer, source: string): Promise<FileMessageResult>;
  /** Resolves when every frame received so far is committed. */
  drain(): Promise<void>;
}

/**
 * Store-before-ACK: a frame is assessed (pure), committed with others that arrived in the same turn
 * (group commit), made durable (one WAL fsync for all that wait, off the event loop) and only then is
 * its ACK returned to the listener. If storing fails, the sender gets AR/CR with ERR 207, that answer is
 * what the row records, and nothing claims the message was kept. A failed fsync halts intake: every later
 * frame is refused (AR 207) until the engine restarts, because the disk can no longer be trusted with it.
 */
export function createIntake(deps: IntakeDeps): Intake {
  const nextUlid = monotonicFactory(pooledRandom);
  let halt: IntakeHalt | undefined;
  /** The fsync of the last group committed, while it runs: one group's fsync is in flight at a time. */
  let syncing: Promise<void> | undefined;
  const syncGroup = (): Promise<unknown> => {
    const sync = deps.walSync.sync();
    syncing = sync;
    const ended = (): void => {
      if (syncing === sync) syncing = undefined;
    };
    sync.then(ended, ended);
    return failureOf(sync);
  };
  const committer = createGroupCommitter<Submitted, Committed>((items) => {
    const results = deps.repo.store(items.map((item) => item.record));
    deps.processing.notify();
    // One fsync for the whole group, asked for as it commits: asked per frame, every frame after the first
    // would find that fsync running (maybe from before its commit) and wait for one more.
    const durable = items.some((item) => item.full) ? syncGroup() : NOTHING_TO_SYNC;
    return results.map((result) => ({ result, durable }));
  }, { maxBatch: deps.maxBatch ?? 512, schedule: (flush) => setImmediate(() => {
    // Frames that arrived while a group's fsync runs commit the moment it ends — a reaction on the fsync
    // itself, so it runs before that group's ACKs are written and the next fsync overlaps their writing.
    const inFlight = syncing;
    if (inFlight) void inFlight.then(flush, flush);
    else flush();
  }) });

  const stamp = (): AckStamp => {
    const now = deps.clock.now();
    // MSH-10 is 20 characters in v2.5: the ULID's low 20 are unique and still time-ordered within a day.
    return { controlId: nextUlid(now).slice(-20), timestamp: formatHl7Timestamp(new Date(now)) };
  };

  const refusal = (header: Hl7Header, diagnostic: string): PreparedAck => {
    const code = ackCodeFor(header, 'reject');
    return { code, payload: buildAck(header, { code, ...stamp(), errors: [{ code: 207, diagnostic }] }) };
  };
  /** While the disk is low, a frame is refused and recorded as a rejected message (no processing, no dedup), so a resend once space is back is accepted. */
  const diskRefused = (a: FrameAssessment, r: DiskRefusal): FrameAssessment => {
    const message = `intake refuses messages while less than ${megabytes(r.minFreeBytes)} is free on the store's disk${r.freeBytes === null ? '' : ` (${megabytes(r.freeBytes)} free)`}; send it again later`;
    return { ...a, status: 'failed', error: { code: STORE_DISK_SPACE_LOW, message }, ack: refusal(a.source, `${STORE_DISK_SPACE_LOW}: ${message}`) };
  };
  const haltedRefusal = (header: Hl7Header, h: IntakeHalt): PreparedAck => refusal(header, `intake is stopped after a storage failure (${h.code} ${h.errno}); send it again after the engine restarts`);

  const haltIntake = (connector: IntakeConnector, error: AppError): void => {
    if (halt) return;
    const errno = (error.details as { errno?: string } | undefined)?.errno ?? 'unknown';
    halt = { code: error.code, errno, message: `Intake stopped: ${error.message}. Messages are refused until the engine restarts (the store recovers from its write-ahead log).` };
    deps.logger.log('error', 'intake halted: the write-ahead log fsync failed', { connector: connector.connectorId, code: error.code, errno });
    try {
      deps.repo.recordError(connector.tenantId, connector.connectorId, error.code, halt.message, deps.clock.now());
    } catch {
      // The store may be failing too; the log line and the listeners' errors still say why.
    }
    deps.onHalt?.(halt);
  };

  /** Waits until the group is as durable as the connector asks; resolves with the failure, if any (a halt counts: the disk is not trusted). */
  const flushFailure = async (connector: IntakeConnector, committed: Committed): Promise<unknown> => {
    const error = connector.settings.durability === 'FULL' ? await committed.durable : undefined;
    if (error === undefined) return halt;
    if (error instanceof AppError && error.code === STORE_FSYNC_FAILED) haltIntake(connector, error);
    return error;
  };
  const submit = (connector: IntakeConnector, record: IntakeRecord): Promise<Committed> => committer.submit({ record, full: connector.settings.durability === 'FULL' });

  /** The row is committed but not known to be on disk: the sender is refused, and the row records that refusal. */
  const refuseUnsynced = (connector: IntakeConnector, result: IntakeResult, header: Hl7Header, error: unknown): string | undefined => {
    deps.logger.log('error', 'message stored but not flushed to disk; refused', { connector: connector.connectorId, code: halt?.code ?? (error instanceof AppError ? error.code : 'unknown'), errno: halt?.errno ?? errnoOf(error) });
    if (connector.settings.ackMode === 'never') return undefined;
    const ack = halt ? haltedRefusal(header, halt) : refusal(header, 'the message could not be written to disk; send it again');
    if (result.kind === 'stored') {
      try {
        deps.repo.recordAck(result.id, ack.code, ack.payload);
      } catch {
        // Nothing more can be recorded; the sender is refused either way.
      }
    }
    return ack.payload;
  };

  /** ACK after processing: waits for the outcome, then answers (and records) it; a second answer for the same message reuses the first. */
  const afterProcessing = async (id: string, header: Hl7Header, settled: Promise<Settlement>, connection: MllpConnectionInfo): Promise<string | undefined> => {
    const s = await settled;
    // Stopping: the message stays stored and is processed after the restart; no answer is sent, so none is recorded.
    if (s.outcome === 'stopped' || !connection.isOpen()) return undefined;
    const code = ackCodeFor(header, s.outcome === 'processed' ? 'accept' : 'error', 'application');
    const ack = buildAck(header, { code, ...stamp(), ...(s.outcome === 'failed' ? { errors: [{ code: 207 as const, diagnostic: s.reason }] } : {}) });
    return deps.repo.recordFinalAck(id, code, ack);
  };

  const recordOf = (connector: IntakeConnector, a: FrameAssessment, payload: Buffer, remoteAddress: string, answered: boolean): IntakeRecord => ({
    id: deps.ids('MSG'),
    tenantId: connector.tenantId,
    connectorId: connector.connectorId,
    raw: payload,
    charset: a.charset,
    ...a.header,
    sendingApplication: a.status === 'pending' ? (a.header.sendingApplication ?? '') : a.header.sendingApplication,
    ...a.keys,
    remoteAddress,
    receivedAt: deps.clock.now(),
    status: a.status,
    accepted: a.status === 'pending',
    ackCode: answered ? a.ack.code : null,
    ackPayload: answered ? a.ack.payload : null,
    errorCode: a.error?.code ?? null,
    errorMessage: a.error?.message ?? null,
  });

  return {
    drain: () => committer.drain(),
    async acceptFromFile(connector, payload, source) {
      const meter = deps.metrics?.meter(connector.tenantId, connector.connectorId);
      const halted = (): AppError => new AppError('unavailable', 'STORE_FSYNC_FAILED', halt?.message ?? 'the message could not be flushed to disk', { errno: halt?.errno });
      if (halt) throw halted();
      const low = deps.diskGuard?.refusal();
      if (low) throw new AppError('unavailable', 'STORE_DISK_SPACE_LOW', `less than ${megabytes(low.minFreeBytes)} is free on the store's disk`, { freeBytes: low.freeBytes, minFreeBytes: low.minFreeBytes });
      const a = assessFrame(payload, connector.policy, stamp());
      const committed = await submit(connector, recordOf(connector, a, payload, source, false));
      const { result } = committed;
      const failure = await flushFailure(connector, committed);
      if (failure !== undefined) throw failure instanceof AppError ? failure : halted();
      if (meter) meter.counts[a.status === 'pending' ? Count.accepted : Count.rejected]++;
      return { id: result.id, status: a.status, duplicate: result.kind === 'duplicate' };
    },
    handlerFor(connector) {
      const { settings } = connector;
      // Looked up once per listener: counting a frame is then one increment on the ACK path.
      const meter = deps.metrics?.meter(connector.tenantId, connector.connectorId);
      const rejected = (): void => {
        if (meter) meter.counts[Count.rejected]++;
      };
      return {
        ...(meter ? { acked: (latencyMs: number) => observeAck(meter, latencyMs) } : {}),
        async frame(payload: Buffer, connection: MllpConnectionInfo) {
          const assessed = assessFrame(payload, connector.policy, stamp());
          if (halt) {
            rejected();
            return settings.ackMode === 'never' ? undefined : haltedRefusal(assessed.source, halt).payload;
          }
          const low = deps.diskGuard?.refusal();
          const a = low ? diskRefused(assessed, low) : assessed;
          const answerAtIntake = settings.ackMode === 'after-store' || a.status === 'failed';
          const record = recordOf(connector, a, payload, connection.remoteAddress, answerAtIntake);
          let committed: Committed;
          try {
            committed = await submit(connector, record);
          } catch (error) {
            deps.logger.log('error', 'message not stored', { connector: connector.connectorId, error: error instanceof Error ? error.name : 'unknown', errno: errnoOf(error) });
            rejected();
            return refusal(a.source, 'the message could not be stored; send it again').payload;
          }
          const { result } = committed;
          // A duplicate is answered from the original's ACK only when that ACK was a real answer
          // (not a refusal for a failed fsync, not still waiting for processing).
          const answered = result.kind === 'duplicate' && result.ackPayload !== null && !isStorageRefusal(result.ackCode) ? result.ackPayload : undefined;
          // Registered before the fsync: processing may finish while the fsync runs.
          const settled = settings.ackMode === 'after-processing' && a.status === 'pending' && answered === undefined ? deps.processing.whenSettled(result.id) : undefined;
          const failure = await flushFailure(connector, committed);
          if (failure !== undefined) {
            rejected();
            return refuseUnsynced(connector, result, a.source, failure);
          }
          if (meter) meter.counts[a.status === 'pending' ? Count.accepted : Count.rejected]++;
          if (settings.ackMode === 'never') return undefined;
          if (answered !== undefined) return answered;
          if (settled) return afterProcessing(result.id, a.source, settled, connection);
          // A resend of a message refused for a failed fsync before a restart: stored and flushed now, so answered afresh.
          if (result.kind === 'duplicate') return deps.repo.recordFinalAck(result.id, a.ack.code, a.ack.payload);
          return a.ack.payload;
        },
        async oversized(size: number, head: Buffer) {
          rejected();
          const header = salvageHeader(head.toString('latin1'));
          const message = `frame of ${size} bytes exceeds this connector's limit of ${settings.maxFrameBytes} bytes`;
          deps.repo.recordError(connector.tenantId, connector.connectorId, 'MLLP_FRAME_TOO_LARGE', message, deps.clock.now());
          return buildAck(header.version === '' ? { ...header, version: FALLBACK_VERSION } : header, { code: ackCodeFor(header, 'reject'), ...stamp(), errors: [{ code: 207, diagnostic: message }] });
        },
        junk(size: number, connection: MllpConnectionInfo) {
          deps.logger.log('debug', 'bytes outside MLLP frames skipped', { connector: connector.connectorId, connection: connection.id, size });
        },
      };
    },
  };
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;
const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code ?? ((error as AppError | undefined)?.details as { errno?: string } | undefined)?.errno;
