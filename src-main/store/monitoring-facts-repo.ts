import type Database from 'better-sqlite3';

/** A sync job and its newest finished run, for sync_failed. */
export interface SyncJobRun {
  jobId: string;
  tenantId: string;
  name: string;
  connectorId: string | null;
  status: 'succeeded' | 'failed';
  errorCode: string | null;
}

/** What the alert rules read from other domains' tables: counts over indexes, never message content. */
export interface MonitoringFactsRepo {
  /** When the connector's newest message was received, or null. */
  lastMessageAt(tenantId: string, connectorId: string): number | null;
  /** Inbound: messages received since `since`, and how many of them failed or were dead-lettered (rejected at intake included). */
  inboundCounts(tenantId: string, connectorId: string, since: number): { total: number; failed: number };
  /** Outbound: attempts since `since` the destination answered, and how many of those did not deliver (unreached attempts are connection_failed's). */
  outboundCounts(tenantId: string, connectorId: string, since: number): { total: number; failed: number };
  /** Each job of the given kinds with a finished run, and its newest finished run; connectorId is the config's when that connector exists. */
  syncJobRuns(kinds: readonly string[]): SyncJobRun[];
}

export function createMonitoringFactsRepo(sqlite: Database.Database): MonitoringFactsRepo {
  const lastMessage = sqlite.prepare<[string, string], { at: number | null }>(`SELECT max(received_at) AS at FROM hl7_messages WHERE tenant_id = ? AND connector_id = ?`);
  const inbound = sqlite.prepare<[string, string, number], { total: number; failed: number | null }>(`
    SELECT count(*) AS total, sum(status IN ('failed', 'dead_lettered')) AS failed
    FROM hl7_messages WHERE tenant_id = ? AND connector_id = ? AND received_at >= ?`);
  const outbound = sqlite.prepare<[string, string, number], { total: number; failed: number | null }>(`
    SELECT count(*) AS total, sum(a.outcome <> 'delivered') AS failed
    FROM outbound_items i JOIN outbound_attempts a ON a.item_id = i.id
    WHERE i.tenant_id = ? AND i.destination_connector_id = ? AND a.started_at >= ?
      AND (a.outcome = 'delivered' OR (a.outcome IN ('retry', 'dead') AND a.ack_code IS NOT NULL))`);
  return {
    lastMessageAt(tenantId, connectorId) {
      return lastMessage.get(tenantId, connectorId)?.at ?? null;
    },
    inboundCounts(tenantId, connectorId, since) {
      const row = inbound.get(tenantId, connectorId, since);
      return { total: row?.total ?? 0, failed: row?.failed ?? 0 };
    },
    outboundCounts(tenantId, connectorId, since) {
      const row = outbound.get(tenantId, connectorId, since);
      return { total: row?.total ?? 0, failed: row?.failed ?? 0 };
    },
    syncJobRuns(kinds) {
      if (kinds.length === 0) return [];
      const rows = sqlite
        .prepare<string[], { jobId: string; tenantId: string; name: string; connectorId: unknown; status: 'succeeded' | 'failed'; errorCode: string | null }>(`
          SELECT j.id AS jobId, j.tenant_id AS tenantId, j.name AS name, (SELECT c.id FROM interop_connectors c WHERE c.id = json_extract(j.config, '$.connectorId')) AS connectorId, r.status AS status, r.error_code AS errorCode
          FROM integration_jobs j JOIN integration_runs r ON r.id = (
            SELECT id FROM integration_runs WHERE job_id = j.id AND status IN ('succeeded', 'failed') ORDER BY finished_at DESC, id DESC LIMIT 1)
          WHERE j.kind IN (${kinds.map(() => '?').join(', ')})`)
        .all(...kinds);
      return rows.map((r) => ({ ...r, connectorId: typeof r.connectorId === 'string' ? r.connectorId : null }));
    },
  };
}
