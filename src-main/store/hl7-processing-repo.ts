import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import { foldRepetitions } from '../mapping/coverage';
import type { RuleError } from '../mapping/conversion';
import type { MappingOutcome } from '../messages/mapping-step';
import type { SearchKeys } from '../messages/search-keys';
import { createHl7MessageWrites } from './hl7-message-writes';
import type { Durability } from './open-store';
import { createOutboundItemsRepo, type OutboundDraft } from './outbound-items-repo';

/** The interface error code of a mapping rule that could not do its work on a processed message. */
export const MAPPING_RULE_FAILED = 'INTEROP_MAPPING_RULE_FAILED';

/** A message due for processing, read before the write transaction (the CPU work on it runs outside). */
export interface DueMessage {
  id: string;
  tenantId: string;
  connectorId: string;
  raw: Buffer;
  /** False until processing has extracted the message's search keys once. */
  searchIndexed: boolean;
}

/** A due message taken by a batch's write transaction, with the attempt that records it. */
export interface ClaimedMessage extends DueMessage {
  attemptId: string;
  attemptNumber: number;
}

interface ResultBase {
  messageId: string;
  attemptId: string;
  tenantId: string;
  connectorId: string;
  /** Keys to index for search, when the message was not indexed yet. */
  searchKeys?: SearchKeys | undefined;
}

/**
 * A processed message carries what its mapping did, recorded on the attempt, its links replacing the
 * message's (a result without one, as the benchmark's fill writes, records no mapping).
 */
export type ProcessingResult = (ResultBase & { ok: true; mapping?: MappingOutcome; outbound?: readonly OutboundDraft[] }) | (ResultBase & { ok: false; errorCode: string; errorMessage: string; retryAt: number | null });

/** A message's final processing outcome. */
export type ProcessingOutcome = { outcome: 'processed' } | { outcome: 'failed'; reason: string };

/** The processing pipeline's claims and outcomes. */
export interface Hl7ProcessingRepo {
  /** After a crash: messages caught mid-processing go back to pending; their attempts are marked interrupted. Returns how many. */
  resumeInterrupted(now: number): number;
  /** Messages due for processing in arrival order, up to `limit`; read only, nothing is claimed. */
  due(now: number, limit: number): DueMessage[];
  /**
   * One write transaction: claims each of `messages` that still waits for processing (at least one, then
   * while `keepGoing` says so), runs `work` on it and records its outcome — with the outbound items a
   * processed message puts in the outbox — so a crash leaves either nothing or everything of a batch. At synchronous
   * NORMAL: a power cut can undo a batch's outcome (never a stored message), and the message is then
   * simply processed again.
   */
  runBatch(now: number, messages: readonly DueMessage[], work: (claimed: ClaimedMessage) => ProcessingResult, keepGoing?: () => boolean): ProcessingResult[];
  /** The final outcome of a message's processing, if it has one (processed or dead-lettered). */
  outcomeOf(messageId: string): ProcessingOutcome | undefined;
  /**
   * Records a failed attempt and dead-letters a message still waiting for processing (pending, failed or
   * processing) without running it — the message that kept ending the processing thread. Returns its
   * tenant and connector, or undefined if it was not waiting.
   */
  recordFailure(messageId: string, now: number, errorCode: string, errorMessage: string): { tenantId: string; connectorId: string } | undefined;
}

export function createHl7ProcessingRepo(sqlite: Database.Database, ids: IdGenerator, baseDurability: Durability): Hl7ProcessingRepo {
  const due = sqlite.prepare(`
    SELECT id, tenant_id AS tenantId, connector_id AS connectorId, raw, search_indexed AS searchIndexed FROM hl7_messages
    WHERE rowid IN (
      SELECT rowid FROM hl7_messages WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
      UNION ALL
      SELECT rowid FROM hl7_messages WHERE status = 'failed' AND next_attempt_at <= @now)
    ORDER BY received_at, rowid LIMIT @limit`);
  const markProcessing = sqlite.prepare(`UPDATE hl7_messages SET status = 'processing' WHERE id = ?`);
  const queuedAttempt = sqlite.prepare(`SELECT id, attempt_number AS attemptNumber FROM hl7_processing_attempts WHERE message_id = ? AND status = 'queued' ORDER BY attempt_number LIMIT 1`);
  const startQueued = sqlite.prepare(`UPDATE hl7_processing_attempts SET status = 'running', started_at = ? WHERE id = ?`);
  const lastAttempt = sqlite.prepare(`SELECT coalesce(max(attempt_number), 0) FROM hl7_processing_attempts WHERE message_id = ?`).pluck();
  const newAttempt = sqlite.prepare(`
    INSERT INTO hl7_processing_attempts (id, tenant_id, message_id, attempt_number, trigger, status, started_at)
    VALUES (?, ?, ?, ?, ?, 'running', ?)`);
  const finishAttempt = sqlite.prepare(`UPDATE hl7_processing_attempts SET status = ?, finished_at = ?, error_code = ?, error_message = ? WHERE id = ?`);
  const recordMapping = sqlite.prepare(`
    UPDATE hl7_processing_attempts SET mapping = ?, profile_id = ?, profile_name = ?, profile_version = ?, unmapped = ?, rule_errors = ? WHERE id = ?`);
  const dropCoverage = sqlite.prepare(`DELETE FROM hl7_unmapped_coverage WHERE message_id = ?`);
  const addCoverage = sqlite.prepare(`
    INSERT INTO hl7_unmapped_coverage (message_id, path, tenant_id, connector_id, profile_id, profile_version, occurrences, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const dropLinks = sqlite.prepare(`DELETE FROM hl7_resource_links WHERE message_id = ?`);
  const addLink = sqlite.prepare(`
    INSERT INTO hl7_resource_links (id, tenant_id, message_id, resource_type, resource_id, action, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const processed = sqlite.prepare(`
    UPDATE hl7_messages SET status = 'processed', processed_at = ?, next_attempt_at = NULL, error_code = NULL, error_message = NULL,
      attempt_count = attempt_count + 1 WHERE id = ?`);
  const failed = sqlite.prepare(`
    UPDATE hl7_messages SET status = ?, next_attempt_at = ?, error_code = ?, error_message = ?, attempt_count = attempt_count + 1 WHERE id = ?`);
  const writes = createHl7MessageWrites(sqlite, ids);
  const outbox = createOutboundItemsRepo(sqlite, ids);
  const outcome = sqlite.prepare(`SELECT status, error_code AS errorCode, error_message AS errorMessage FROM hl7_messages WHERE id = ?`);

  const waiting = sqlite.prepare(`
    SELECT id, tenant_id AS tenantId, connector_id AS connectorId, raw, search_indexed AS searchIndexed FROM hl7_messages
    WHERE id = ? AND status IN ('pending', 'failed', 'processing')`);

  const stillWaiting = sqlite.prepare(`SELECT 1 FROM hl7_messages WHERE id = ? AND status IN ('pending', 'failed')`).pluck();
  const dueRows = (now: number, limit: number): DueMessage[] =>
    (due.all({ now, limit }) as { id: string; tenantId: string; connectorId: string; raw: Buffer; searchIndexed: number }[]).map((r) => ({ ...r, searchIndexed: r.searchIndexed === 1 }));

  const claim = (row: DueMessage, now: number): ClaimedMessage => {
    markProcessing.run(row.id);
    const queued = queuedAttempt.get(row.id) as { id: string; attemptNumber: number } | undefined;
    if (queued) {
      startQueued.run(now, queued.id);
      return { ...row, attemptId: queued.id, attemptNumber: queued.attemptNumber };
    }
    const attemptId = ids('ATT');
    const attemptNumber = (lastAttempt.get(row.id) as number) + 1;
    newAttempt.run(attemptId, row.tenantId, row.id, attemptNumber, attemptNumber === 1 ? 'received' : 'retry', now);
    return { ...row, attemptId, attemptNumber };
  };

  const setKeys = sqlite.prepare(`UPDATE hl7_messages SET patient_id = ?, patient_name = ?, order_numbers = ?, search_indexed = 1 WHERE id = ?`);

  /**
   * The attempt says which profile ran and what it left unmapped; the message's links and its rows of
   * the coverage aggregate become this attempt's (finish drops the old rows of every finished attempt).
   */
  const mapped = (r: ResultBase, m: MappingOutcome, now: number): void => {
    const profile = m.profile;
    recordMapping.run(profile ? 'mapped' : 'no_profile', profile?.id ?? null, profile?.name ?? null, profile?.version ?? null, profile ? JSON.stringify(m.unmapped) : null, profile ? JSON.stringify(m.errors) : null, r.attemptId);
    dropLinks.run(r.messageId);
    for (const link of m.links) addLink.run(ids('LNK'), r.tenantId, r.messageId, link.resourceType, link.resourceId, link.action, now);
    if (profile) ruleFailures(r, profile, m.errors, now);
    if (!profile?.id) return;
    for (const item of foldRepetitions(m.unmapped)) addCoverage.run(r.messageId, item.path, r.tenantId, r.connectorId, profile.id, profile.version, item.occurrences, now);
  };

  /** One open interface error per rule that failed on the message, however many times it failed there. */
  const ruleFailures = (r: ResultBase, profile: NonNullable<MappingOutcome['profile']>, errors: readonly RuleError[], now: number): void => {
    const byRule = new Map<string, { first: RuleError; count: number }>();
    for (const e of errors) {
      const seen = byRule.get(e.ruleId);
      if (seen) seen.count += 1;
      else byRule.set(e.ruleId, { first: e, count: 1 });
    }
    for (const [ruleId, { first, count }] of byRule) {
      const times = count > 1 ? ` (${count} times)` : '';
      const subject = { kind: 'rule', profileId: profile.id ?? null, profileName: profile.name, profileVersion: profile.version, ruleId, source: first.source, target: first.target } as const;
      writes.interfaceError(r.tenantId, r.connectorId, r.messageId, MAPPING_RULE_FAILED, `rule ${ruleId} (${first.source} → ${first.target}): ${first.code}: ${first.message}${times}`, now, subject);
    }
  };

  const finish = (results: ProcessingResult[], now: number): void => {
    for (const r of results) {
      if (r.searchKeys) {
        setKeys.run(r.searchKeys.patientId, r.searchKeys.patientName, r.searchKeys.orderNumbers, r.messageId);
        writes.indexForSearch(r.messageId, r.searchKeys.otherPatientIds);
      }
      // The aggregate counts each message's latest attempt only: what an earlier one left unmapped goes.
      dropCoverage.run(r.messageId);
      if (r.ok) {
        processed.run(now, r.messageId);
        finishAttempt.run('succeeded', now, null, null, r.attemptId);
        if (r.mapping) mapped(r, r.mapping, now);
        // The outbound items commit with the outcome that caused them, or not at all.
        if (r.outbound) outbox.enqueue(r.outbound, now);
        writes.event(r.tenantId, 'Hl7MessageProcessed', r.messageId, { connectorId: r.connectorId }, now);
        continue;
      }
      const status = r.retryAt === null ? 'dead_lettered' : 'failed';
      failed.run(status, r.retryAt, r.errorCode, r.errorMessage, r.messageId);
      finishAttempt.run('failed', now, r.errorCode, r.errorMessage, r.attemptId);
      writes.event(r.tenantId, 'Hl7MessageFailed', r.messageId, { connectorId: r.connectorId, errorCode: r.errorCode }, now);
      if (status === 'dead_lettered') {
        writes.event(r.tenantId, 'Hl7MessageDeadLettered', r.messageId, { connectorId: r.connectorId, errorCode: r.errorCode }, now);
        writes.interfaceError(r.tenantId, r.connectorId, r.messageId, r.errorCode, r.errorMessage, now);
      }
    }
  };

  const batch = sqlite.transaction((now: number, messages: readonly DueMessage[], work: (claimed: ClaimedMessage) => ProcessingResult, keepGoing: () => boolean): ProcessingResult[] => {
    const results: ProcessingResult[] = [];
    for (const message of messages) {
      if (results.length > 0 && !keepGoing()) break;
      if (stillWaiting.get(message.id) === undefined) continue;
      const done = work(claim(message, now));
      finish([done], now);
      results.push(done);
    }
    return results;
  });
  const setSync = (level: Durability) => sqlite.prepare(`PRAGMA synchronous = ${level}`);
  const [processingSync, baseSync] = [setSync('NORMAL'), setSync(baseDurability)];

  return {
    resumeInterrupted(now: number): number {
      return sqlite.transaction(() => {
        sqlite.prepare(`UPDATE hl7_processing_attempts SET status = 'interrupted', finished_at = ? WHERE status = 'running'`).run(now);
        return sqlite.prepare(`UPDATE hl7_messages SET status = 'pending' WHERE status = 'processing'`).run().changes;
      }).immediate();
    },
    due: dueRows,
    runBatch(now: number, messages: readonly DueMessage[], work: (claimed: ClaimedMessage) => ProcessingResult, keepGoing: () => boolean = () => true): ProcessingResult[] {
      processingSync.run();
      try {
        return batch.immediate(now, messages, work, keepGoing);
      } finally {
        baseSync.run();
      }
    },
    recordFailure(messageId: string, now: number, errorCode: string, errorMessage: string) {
      return sqlite.transaction(() => {
        const row = waiting.get(messageId) as { id: string; tenantId: string; connectorId: string; raw: Buffer; searchIndexed: number } | undefined;
        if (!row) return undefined;
        const claimed = claim({ ...row, searchIndexed: row.searchIndexed === 1 }, now);
        finish([{ messageId, attemptId: claimed.attemptId, tenantId: row.tenantId, connectorId: row.connectorId, ok: false, errorCode, errorMessage, retryAt: null }], now);
        return { tenantId: row.tenantId, connectorId: row.connectorId };
      }).immediate();
    },
    outcomeOf(messageId: string): ProcessingOutcome | undefined {
      const row = outcome.get(messageId) as { status: string; errorCode: string | null; errorMessage: string | null } | undefined;
      if (row?.status === 'processed') return { outcome: 'processed' };
      if (row?.status === 'dead_lettered') return { outcome: 'failed', reason: `${row.errorCode}: ${row.errorMessage}` };
      return undefined;
    },
  };
}
