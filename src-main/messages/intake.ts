import { monotonicFactory } from 'ulid';
import type { ConnectorSettings } from '../api/contract';
import type { Clock } from '../core/clock';
import { pooledRandom, type IdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import { ackCodeFor, buildAck, formatHl7Timestamp, salvageHeader, type HeaderPolicy, type Hl7Header } from '../hl7';
import type { MllpConnectionInfo, MllpHandler } from '../mllp/listener';
import type { Hl7IntakeRepo, IntakeRecord, IntakeResult } from '../store/hl7-intake-repo';
import type { WalSync } from '../store/wal-sync';
import { assessFrame, type AckStamp } from './assess-frame';
import { createGroupCommitter } from './group-commit';

/** MSH-12 for answers to frames whose own version could not be read. */
const FALLBACK_VERSION = '2.5.1';

export interface IntakeConnector {
  connectorId: string;
  tenantId: string;
  policy: HeaderPolicy;
  settings: ConnectorSettings;
}

/** The processing side, as intake sees it. */
export interface ProcessingSignal {
  /** New pending messages exist. */
  notify(): void;
  /** Resolves when the message has been processed (or failed); for ACK-after-processing. */
  whenSettled(messageId: string): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface IntakeDeps {
  repo: Hl7IntakeRepo;
  /** Makes committed groups durable against power loss, for connectors at durability FULL. */
  walSync: WalSync;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  processing: ProcessingSignal;
  /** Called after each committed group (the change feed, throttled by the caller). */
  onStored: () => void;
  maxBatch?: number;
}

export interface Intake {
  handlerFor(connector: IntakeConnector): MllpHandler;
  /** Resolves when every frame received so far is committed. */
  drain(): Promise<void>;
}

/**
 * Store-before-ACK: a frame is assessed (pure), committed with others that arrived in the same turn
 * (group commit), made durable (one WAL fsync for all that wait, off the event loop) and only then is
 * its ACK returned to the listener. If storing fails, the sender gets AR/CR with ERR 207 and nothing
 * claims the message was kept.
 */
export function createIntake(deps: IntakeDeps): Intake {
  const nextUlid = monotonicFactory(pooledRandom);
  const committer = createGroupCommitter<IntakeRecord, IntakeResult>((records) => {
    const results = deps.repo.store(records);
    deps.onStored();
    deps.processing.notify();
    return results;
  }, { maxBatch: deps.maxBatch ?? 512 });

  const stamp = (): AckStamp => {
    const now = deps.clock.now();
    // MSH-10 is 20 characters in v2.5: the ULID's low 20 are unique and still time-ordered within a day.
    return { controlId: nextUlid(now).slice(-20), timestamp: formatHl7Timestamp(new Date(now)) };
  };

  const storageFailure = (header: Hl7Header): string =>
    buildAck(header, { code: ackCodeFor(header, 'reject'), ...stamp(), errors: [{ code: 207, diagnostic: 'the message could not be stored; send it again' }] });

  return {
    drain: () => committer.drain(),
    handlerFor(connector) {
      const { settings } = connector;
      return {
        async frame(payload: Buffer, connection: MllpConnectionInfo) {
          const a = assessFrame(payload, connector.policy, stamp());
          const record: IntakeRecord = {
            id: deps.ids('MSG'),
            tenantId: connector.tenantId,
            connectorId: connector.connectorId,
            raw: payload,
            charset: a.charset,
            ...a.header,
            sendingApplication: a.status === 'pending' ? (a.header.sendingApplication ?? '') : a.header.sendingApplication,
            ...a.keys,
            remoteAddress: connection.remoteAddress,
            receivedAt: deps.clock.now(),
            status: a.status,
            accepted: a.status === 'pending',
            ackCode: settings.ackMode === 'after-store' || a.status === 'failed' ? a.ack.code : null,
            ackPayload: settings.ackMode === 'after-store' || a.status === 'failed' ? a.ack.payload : null,
            errorCode: a.error?.code ?? null,
            errorMessage: a.error?.message ?? null,
          };
          let result: IntakeResult;
          try {
            result = await committer.submit(record);
            if (settings.durability === 'FULL') await deps.walSync.sync();
          } catch (error) {
            deps.logger.log('error', 'message not stored', { connector: connector.connectorId, error: error instanceof Error ? error.name : 'unknown' });
            return storageFailure(a.source);
          }
          if (settings.ackMode === 'never') return undefined;
          if (result.kind === 'duplicate') return result.ackPayload ?? a.ack.payload;
          if (a.status === 'failed' || settings.ackMode === 'after-store') return a.ack.payload;
          const settled = await deps.processing.whenSettled(result.id);
          const code = ackCodeFor(a.source, settled.ok ? 'accept' : 'error', 'application');
          const ack = buildAck(a.source, { code, ...stamp(), ...(settled.ok ? {} : { errors: [{ code: 207 as const, diagnostic: settled.reason }] }) });
          deps.repo.recordAck(result.id, code, ack);
          return ack;
        },
        async oversized(size: number, head: Buffer) {
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
