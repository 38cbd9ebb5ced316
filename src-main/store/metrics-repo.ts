import type Database from 'better-sqlite3';
import { decodeHistogram, emptyHistogram, encodeHistogram } from '../monitoring/latency-histogram';
import { addToRow, HOUR_MS, HOUR_RETENTION_MS, hourStart, MINUTE_RETENTION_MS, rollUpHour, zeroCounts, zeroGauges, type MetricCounts, type MetricGauges, type MetricRow, type Resolution } from '../monitoring/metric-rows';

/** What one connector adds to one minute. */
export interface MinuteEntry {
  tenantId: string;
  connectorId: string;
  counts: MetricCounts;
  ackLatency: Uint32Array;
  /** The queues when the minute was flushed; absent when not sampled. */
  gauges?: MetricGauges | undefined;
  lastSentAt: number | null;
}

/** A connector's queues now. */
export interface ConnectorGauges extends MetricGauges {
  tenantId: string;
}

export interface MetricsRepo {
  /**
   * One transaction: each minute's entries added to their rows (made when new, skipped for a connector
   * deleted meanwhile), each touched hour rolled up again from its minutes, then minute rows older than 7
   * days and hour rows older than a year deleted.
   */
  flush(minutes: readonly { minuteAt: number; entries: readonly MinuteEntry[] }[], now: number): void;
  /** Queue depth, outbound depth and oldest pending age of every connector with something waiting, read from the status indexes. */
  gauges(now: number): Map<string, ConnectorGauges>;
  /** A tenant's rows of one resolution in [fromAt, toAt), of one connector or all, oldest first. */
  rows(tenantId: string, resolution: Resolution, fromAt: number, toAt: number, connectorId?: string): MetricRow[];
  /** The newest stored delivery to the connector, from its metric rows. */
  lastSentAt(connectorId: string): number | null;
  /** Per connector of the tenant, its minute rows' counts summed from `fromAt` on (the connector catalog's statistics). */
  countsSince(tenantId: string, fromAt: number): Map<string, MetricCounts>;
}

interface StoredRow {
  tenantId: string;
  connectorId: string;
  resolution: Resolution;
  startAt: number;
  accepted: number;
  rejected: number;
  processed: number;
  failed: number;
  sent: number;
  sendFailed: number;
  ackLatency: string | null;
  queueDepth: number;
  outboundDepth: number;
  oldestPendingAgeMs: number | null;
  lastSentAt: number | null;
}

const COLUMNS = `tenant_id AS tenantId, connector_id AS connectorId, resolution, start_at AS startAt, accepted, rejected, processed, failed, sent,
  send_failed AS sendFailed, ack_latency AS ackLatency, queue_depth AS queueDepth, outbound_depth AS outboundDepth,
  oldest_pending_age_ms AS oldestPendingAgeMs, last_sent_at AS lastSentAt`;

const rowOf = (r: StoredRow): MetricRow => ({ ...r, ackLatency: decodeHistogram(r.ackLatency) });

export function createMetricsRepo(sqlite: Database.Database): MetricsRepo {
  const one = sqlite.prepare(`SELECT ${COLUMNS} FROM connector_metrics WHERE connector_id = ? AND resolution = ? AND start_at = ?`);
  const range = sqlite.prepare(`SELECT ${COLUMNS} FROM connector_metrics WHERE connector_id = ? AND resolution = ? AND start_at >= ? AND start_at < ? ORDER BY start_at`);
  const tenantRange = sqlite.prepare(`SELECT ${COLUMNS} FROM connector_metrics WHERE resolution = ? AND start_at >= ? AND start_at < ? AND tenant_id = ? ORDER BY start_at`);
  const connectorExists = sqlite.prepare(`SELECT 1 FROM interop_connectors WHERE id = ?`).pluck();
  const upsert = sqlite.prepare(`
    INSERT INTO connector_metrics (tenant_id, connector_id, resolution, start_at, accepted, rejected, processed, failed, sent, send_failed, ack_latency, queue_depth, outbound_depth, oldest_pending_age_ms, last_sent_at)
    VALUES (@tenantId, @connectorId, @resolution, @startAt, @accepted, @rejected, @processed, @failed, @sent, @sendFailed, @ackLatency, @queueDepth, @outboundDepth, @oldestPendingAgeMs, @lastSentAt)
    ON CONFLICT (connector_id, resolution, start_at) DO UPDATE SET accepted = excluded.accepted, rejected = excluded.rejected, processed = excluded.processed,
      failed = excluded.failed, sent = excluded.sent, send_failed = excluded.send_failed, ack_latency = excluded.ack_latency, queue_depth = excluded.queue_depth,
      outbound_depth = excluded.outbound_depth, oldest_pending_age_ms = excluded.oldest_pending_age_ms, last_sent_at = excluded.last_sent_at`);
  const prune = sqlite.prepare(`DELETE FROM connector_metrics WHERE resolution = ? AND start_at < ?`);
  // Both seek only what waits: the log's status index at pending/processing (named: without ANALYZE SQLite may pick the
  // connector index and walk every message), and per outbound connector the outbox's destination index at its open statuses.
  const inboundQueues = sqlite.prepare(`
    SELECT tenant_id AS tenantId, connector_id AS connectorId, count(*) AS depth, min(received_at) AS oldest FROM hl7_messages INDEXED BY hl7_messages_log_status_idx
    WHERE tenant_id IN (SELECT id FROM tenants) AND status IN ('pending', 'processing') GROUP BY tenant_id, connector_id`);
  const outboundQueues = sqlite.prepare(`
    SELECT c.tenant_id AS tenantId, c.id AS connectorId, (
      SELECT count(*) FROM outbound_items o WHERE o.tenant_id = c.tenant_id AND o.destination_connector_id = c.id AND o.status IN ('pending', 'in_flight', 'failed')) AS depth
    FROM interop_connectors c WHERE c.direction <> 'inbound'`);
  const counted = sqlite.prepare(`
    SELECT connector_id AS connectorId, sum(accepted) AS accepted, sum(rejected) AS rejected, sum(processed) AS processed, sum(failed) AS failed, sum(sent) AS sent, sum(send_failed) AS sendFailed
    FROM connector_metrics WHERE tenant_id = ? AND resolution = 'minute' AND start_at >= ? GROUP BY connector_id`);
  const lastSent = sqlite.prepare(`SELECT last_sent_at FROM connector_metrics WHERE connector_id = ? AND resolution = 'hour' AND last_sent_at IS NOT NULL ORDER BY start_at DESC LIMIT 1`).pluck();

  const write = (row: MetricRow): void => {
    upsert.run({ ...row, ackLatency: encodeHistogram(row.ackLatency) });
  };

  return {
    flush: (minutes, now) =>
      sqlite.transaction(() => {
        const touchedHours = new Map<string, { tenantId: string; connectorId: string; hourAt: number }>();
        for (const { minuteAt, entries } of minutes) {
          for (const e of entries) {
            if (connectorExists.get(e.connectorId) === undefined) continue;
            const stored = one.get(e.connectorId, 'minute', minuteAt) as StoredRow | undefined;
            const base: MetricRow = stored ? rowOf(stored) : { tenantId: e.tenantId, connectorId: e.connectorId, resolution: 'minute', startAt: minuteAt, ...zeroCounts(), ...zeroGauges(), ackLatency: emptyHistogram(), lastSentAt: null };
            write(addToRow(base, e.counts, e.ackLatency, e.gauges, e.lastSentAt));
            const hourAt = hourStart(minuteAt);
            touchedHours.set(`${e.connectorId} ${hourAt}`, { tenantId: e.tenantId, connectorId: e.connectorId, hourAt });
          }
        }
        for (const { tenantId, connectorId, hourAt } of touchedHours.values()) {
          const inHour = (range.all(connectorId, 'minute', hourAt, hourAt + HOUR_MS) as StoredRow[]).map(rowOf);
          write(rollUpHour(tenantId, connectorId, hourAt, inHour));
        }
        prune.run('minute', now - MINUTE_RETENTION_MS);
        prune.run('hour', now - HOUR_RETENTION_MS);
      }).immediate(),
    gauges(now) {
      const gauges = new Map<string, ConnectorGauges>();
      for (const q of inboundQueues.all() as { tenantId: string; connectorId: string; depth: number; oldest: number }[]) {
        gauges.set(q.connectorId, { tenantId: q.tenantId, queueDepth: q.depth, outboundDepth: 0, oldestPendingAgeMs: Math.max(0, now - q.oldest) });
      }
      for (const q of outboundQueues.all() as { tenantId: string; connectorId: string; depth: number }[]) {
        if (q.depth === 0) continue;
        const known = gauges.get(q.connectorId);
        gauges.set(q.connectorId, { ...(known ?? { tenantId: q.tenantId, queueDepth: 0, oldestPendingAgeMs: null }), outboundDepth: q.depth });
      }
      return gauges;
    },
    rows: (tenantId, resolution, fromAt, toAt, connectorId) =>
      (connectorId === undefined ? (tenantRange.all(resolution, fromAt, toAt, tenantId) as StoredRow[]) : (range.all(connectorId, resolution, fromAt, toAt) as StoredRow[]).filter((r) => r.tenantId === tenantId)).map(rowOf),
    lastSentAt: (connectorId) => (lastSent.get(connectorId) as number | undefined) ?? null,
    countsSince: (tenantId, fromAt) => new Map((counted.all(tenantId, fromAt) as (MetricCounts & { connectorId: string })[]).map(({ connectorId, ...counts }) => [connectorId, counts])),
  };
}
