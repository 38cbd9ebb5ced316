import type Database from 'better-sqlite3';
import { chainHash, type ChainedFields, type ChainRow } from '../audit/audit-chain';
import type { IdGenerator } from '../core/ids';

/** What a caller records; the repository adds id, seq and the chain hashes. */
export type AuditEventInput = Omit<ChainedFields, 'id' | 'seq' | 'outcome' | 'details'> & {
  outcome: 'ok' | 'refused' | 'failed';
  details: Record<string, unknown> | null;
};

export type AuditEventRow = ChainRow;

export interface AuditQuery {
  tenantId: string;
  since?: number | undefined;
  until?: number | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** A target id, or a target type. */
  target?: string | undefined;
  outcome?: string | undefined;
  /** Only entries older than this `seq` (keyset paging, newest first). */
  beforeSeq?: number | undefined;
}

export interface AuditRepo {
  /** Appends one entry at the end of the chain, in its own transaction (or the caller's). */
  append(entry: AuditEventInput): AuditEventRow;
  /** Newest first. */
  list(query: AuditQuery, limit: number): AuditEventRow[];
  /** Every row of the chain, oldest first (all tenants: the chain is one per file). */
  chain(): IterableIterator<AuditEventRow>;
  /**
   * Retention: deletes entries written before `before`. The only DELETE the table's trigger lets through:
   * it opens `audit_prune_gate` (whose own trigger refuses anything younger than 400 days), deletes, and
   * closes it again, in one transaction. Returns how many went.
   */
  prune(before: number): number;
}

const COLUMNS = `id, seq, tenant_id AS tenantId, at, actor_kind AS actorKind, actor_id AS actorId, remote_address AS remoteAddress, action,
  target_type AS targetType, target_id AS targetId, outcome, error_code AS errorCode, details, prev_hash AS prevHash, hash`;

/** The one writer of `audit_events`. */
export function createAuditRepo(sqlite: Database.Database, ids: IdGenerator): AuditRepo {
  const last = sqlite.prepare(`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
  const insert = sqlite.prepare(`INSERT INTO audit_events (id, seq, tenant_id, at, actor_kind, actor_id, remote_address, action, target_type, target_id, outcome, error_code, details, prev_hash, hash)
    VALUES (@id, @seq, @tenantId, @at, @actorKind, @actorId, @remoteAddress, @action, @targetType, @targetId, @outcome, @errorCode, @details, @prevHash, @hash)`);
  const list = sqlite.prepare(`SELECT ${COLUMNS} FROM audit_events
    WHERE tenant_id = @tenantId AND seq < @beforeSeq AND at >= @since AND at < @until
      AND (@actor IS NULL OR actor_id = @actor) AND (@action IS NULL OR action = @action) AND (@outcome IS NULL OR outcome = @outcome)
      AND (@target IS NULL OR target_id = @target OR target_type = @target)
    ORDER BY seq DESC LIMIT @limit`);
  const chain = sqlite.prepare(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`);
  const openGate = sqlite.prepare(`UPDATE audit_prune_gate SET prune_before = ? WHERE id = 1`);
  const closeGate = sqlite.prepare(`UPDATE audit_prune_gate SET prune_before = NULL WHERE id = 1`);
  const remove = sqlite.prepare(`DELETE FROM audit_events WHERE at < ?`);
  const append = sqlite.transaction((entry: AuditEventInput): AuditEventRow => {
    const tail = last.get() as { seq: number; hash: string | null } | undefined;
    const fields = { ...entry, id: ids('AUD'), seq: (tail?.seq ?? 0) + 1, details: entry.details === null ? null : JSON.stringify(entry.details) };
    const prevHash = tail?.hash ?? null;
    const row = { ...fields, prevHash, hash: chainHash(prevHash, fields) };
    insert.run(row);
    return row;
  });
  const prune = sqlite.transaction((before: number): number => {
    openGate.run(before);
    const n = remove.run(before).changes;
    closeGate.run();
    return n;
  });
  return {
    append: (entry) => append.immediate(entry),
    list: (q, limit) =>
      list.all({
        tenantId: q.tenantId,
        beforeSeq: q.beforeSeq ?? Number.MAX_SAFE_INTEGER,
        since: q.since ?? Number.MIN_SAFE_INTEGER,
        until: q.until ?? Number.MAX_SAFE_INTEGER,
        actor: q.actor ?? null,
        action: q.action ?? null,
        outcome: q.outcome ?? null,
        target: q.target ?? null,
        limit,
      }) as AuditEventRow[],
    chain: () => chain.iterate() as IterableIterator<AuditEventRow>,
    prune: (before) => prune.immediate(before),
  };
}
