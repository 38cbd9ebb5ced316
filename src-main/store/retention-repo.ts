import type Database from 'better-sqlite3';

export interface RetentionCandidate {
  id: string;
  receivedAt: number;
  /** The raw payload's bytes: most of what deleting the message gives back. */
  rawSize: number;
}

export interface RetentionWalk {
  tenantId: string;
  /** One connector's messages; all of the tenant's when absent. */
  connectorId?: string | undefined;
  /** Only messages received before this (epoch ms). */
  before?: number | undefined;
  /** Where the walk goes on from: received at or after `receivedAt`, strictly after with `strict`. */
  from?: { receivedAt: number; strict: boolean } | undefined;
  keepUnresolvedFailures: boolean;
  limit: number;
}

export interface StoreSize {
  pageSize: number;
  pageCount: number;
  freePages: number;
  autoVacuum: 'none' | 'full' | 'incremental';
}

export interface RetentionRepo {
  /** Connectors whose settings hold a retention rule (unparsed). */
  connectorRules(): { connectorId: string; tenantId: string; name: string; rule: unknown }[];
  tenants(): string[];
  /**
   * The oldest messages retention may delete, oldest first: processed, dead-lettered, or refused at intake
   * (failed with no retry due) — never pending, processing or failed awaiting a retry — and, when
   * `keepUnresolvedFailures`, no failed or dead-lettered one with an open interface error.
   */
  oldestEligible(walk: RetentionWalk): RetentionCandidate[];
  /** How many messages the connector has (any status). */
  countOf(tenantId: string, connectorId: string): number;
  /**
   * Deletes the messages in one write transaction, each re-checked as eligible and skipped while its row is
   * still in the intake journal; their attempts, links, coverage and search rows go with them (foreign keys
   * and the FTS trigger), their interface errors stay with message_id null. Returns how many were deleted.
   */
  delete(ids: readonly string[], keepUnresolvedFailures: boolean): number;
  size(): StoreSize;
  /** Gives up to `pages` free pages back to the disk (auto_vacuum = INCREMENTAL only); returns how many were freed. */
  vacuumStep(pages: number): number;
}

const ELIGIBLE = `(status = 'processed' OR status = 'dead_lettered' OR (status = 'failed' AND next_attempt_at IS NULL))`;
const RESOLVED = `(@keep = 0 OR status = 'processed' OR NOT EXISTS (SELECT 1 FROM interface_errors e WHERE e.message_id = hl7_messages.id AND e.status = 'open'))`;
const AUTO_VACUUM = ['none', 'full', 'incremental'] as const;

export function createRetentionRepo(sqlite: Database.Database, journal: Database.Database): RetentionRepo {
  const rules = sqlite.prepare(`SELECT id AS connectorId, tenant_id AS tenantId, name, json_extract(settings, '$.retention') AS rule FROM interop_connectors WHERE json_extract(settings, '$.retention') IS NOT NULL`);
  const tenants = sqlite.prepare(`SELECT id FROM tenants ORDER BY id`).pluck();
  const walk = (byConnector: boolean) =>
    sqlite.prepare(`SELECT id, received_at AS receivedAt, raw_size AS rawSize FROM hl7_messages INDEXED BY ${byConnector ? 'hl7_messages_log_connector_idx' : 'hl7_messages_tenant_received_idx'}
      WHERE tenant_id = @tenantId ${byConnector ? 'AND connector_id = @connectorId' : ''}
        AND received_at < @before AND (received_at > @from OR (@strict = 0 AND received_at = @from))
        AND ${ELIGIBLE} AND ${RESOLVED}
      ORDER BY received_at LIMIT @limit`);
  const walkConnector = walk(true);
  const walkTenant = walk(false);
  const count = sqlite.prepare(`SELECT count(*) FROM hl7_messages INDEXED BY hl7_messages_log_connector_idx WHERE tenant_id = ? AND connector_id = ?`).pluck();
  const inJournal = journal.prepare(`SELECT id FROM intake_journal`).pluck();
  const remove = sqlite.prepare(`DELETE FROM hl7_messages WHERE id = @id AND ${ELIGIBLE} AND ${RESOLVED}`);
  const deleteAll = sqlite.transaction((ids: readonly string[], keep: number) => ids.reduce((n, id) => n + remove.run({ id, keep }).changes, 0));
  const pragma = (name: string): number => sqlite.pragma(name, { simple: true }) as number;
  return {
    connectorRules: () =>
      (rules.all() as { connectorId: string; tenantId: string; name: string; rule: string }[]).map((r) => ({ ...r, rule: JSON.parse(r.rule) as unknown })),
    tenants: () => tenants.all() as string[],
    oldestEligible(w) {
      const params = {
        tenantId: w.tenantId,
        before: w.before ?? Number.MAX_SAFE_INTEGER,
        from: w.from?.receivedAt ?? Number.MIN_SAFE_INTEGER,
        strict: w.from?.strict ? 1 : 0,
        keep: w.keepUnresolvedFailures ? 1 : 0,
        limit: w.limit,
      };
      return (w.connectorId === undefined ? walkTenant.all(params) : walkConnector.all({ ...params, connectorId: w.connectorId })) as RetentionCandidate[];
    },
    countOf: (tenantId, connectorId) => count.get(tenantId, connectorId) as number,
    delete(ids, keepUnresolvedFailures) {
      const journaled = new Set(inJournal.all() as string[]);
      const deletable = ids.filter((id) => !journaled.has(id));
      return deletable.length === 0 ? 0 : deleteAll.immediate(deletable, keepUnresolvedFailures ? 1 : 0);
    },
    size: () => ({ pageSize: pragma('page_size'), pageCount: pragma('page_count'), freePages: pragma('freelist_count'), autoVacuum: AUTO_VACUUM[pragma('auto_vacuum')] ?? 'none' }),
    vacuumStep(pages) {
      const before = pragma('freelist_count');
      sqlite.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
      return before - pragma('freelist_count');
    },
  };
}
