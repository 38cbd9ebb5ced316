import { metricsRangeIssue, type ConnectorDashboard, type Dashboard, type MetricsPoint, type MetricsSeries, type MetricsStep } from '../../src-shared';
import { isoTime, type Clock } from '../core/clock';
import { notFound, validationFailed } from '../core/errors';
import type { RequestContext } from '../core/request-context';
import type { DashboardRepo } from '../store/dashboard-repo';
import type { MetricsRepo } from '../store/metrics-repo';
import { bySeverityThenNewest, connectorHealth, countSeverities, ratesOf } from './dashboard-rules';
import { emptyHistogram, mergeHistogram, quantileMs } from './latency-histogram';
import { autoStep, denseSeries, HOUR_MS, MINUTE_MS, minuteStart, rollUpHour, type MetricRow } from './metric-rows';
import type { MetricsRecorder } from './metrics-recorder';

const TOP_ALERTS = 10;

export interface DashboardServiceDeps {
  repo: DashboardRepo;
  metrics: MetricsRepo;
  recorder: Pick<MetricsRecorder, 'lastSentAt'>;
  listenerState: (connectorId: string) => { state: 'listening' | 'failed'; error: string | null } | undefined;
  offlineSince: (connectorId: string) => number | undefined;
  clock: Clock;
}

const ageSeconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));

/** The dashboard (per connector: status, health, rates, latency, queues, last message, alerts) and the charts' series. */
export function createDashboardService(deps: DashboardServiceDeps) {
  return {
    dashboard(ctx: RequestContext): Dashboard {
      const now = deps.clock.now();
      const thisMinute = minuteStart(now);
      // The last 60 minutes, this one included (it has rows once something flushed it early).
      const hourFrom = thisMinute + MINUTE_MS - HOUR_MS;
      const hourRows = deps.metrics.rows(ctx.tenantId, 'minute', hourFrom, thisMinute + MINUTE_MS);
      const gauges = deps.metrics.gauges(now);
      const alerts = deps.repo.openAlerts(ctx.tenantId);
      const rows = deps.repo.connectors(ctx.tenantId);
      const names = new Map(rows.map((c) => [c.id, c.name]));
      const connectors = rows.map((c): ConnectorDashboard => {
        const own = hourRows.filter((r) => r.connectorId === c.id);
        const latency = emptyHistogram();
        for (const r of own) mergeHistogram(latency, r.ackLatency);
        const lastSentAt = c.direction === 'inbound' ? null : (deps.recorder.lastSentAt(c.id) ?? deps.metrics.lastSentAt(c.id));
        const { health, reason } = connectorHealth({ status: c.status, check: deps.repo.latestHealthCheck(c.id), listener: deps.listenerState(c.id), offlineSince: deps.offlineSince(c.id), lastDeliveredAt: lastSentAt });
        const queues = gauges.get(c.id);
        const lastAt = c.direction === 'outbound' ? lastSentAt : deps.repo.lastReceivedAt(ctx.tenantId, c.id);
        return {
          id: c.id,
          name: c.name,
          protocol: c.protocol as ConnectorDashboard['protocol'],
          direction: c.direction as ConnectorDashboard['direction'],
          status: c.status as ConnectorDashboard['status'],
          health,
          healthReason: reason,
          rates: { lastMinute: ratesOf(own.filter((r) => r.startAt === thisMinute - MINUTE_MS)), lastHour: ratesOf(own) },
          ackLatencyMs: { p50: quantileMs(latency, 0.5), p99: quantileMs(latency, 0.99) },
          throughput: denseSeries(own, hourFrom, thisMinute + MINUTE_MS, 'minute').map(({ row }) => (row ? row.accepted + row.rejected + row.sent : 0)),
          queueDepth: queues?.queueDepth ?? 0,
          outboundDepth: queues?.outboundDepth ?? 0,
          oldestPendingAgeSeconds: ageSeconds(queues?.oldestPendingAgeMs ?? null),
          lastMessageAt: lastAt === null ? null : isoTime(lastAt),
          openAlerts: countSeverities(alerts.filter((a) => a.connectorId === c.id)),
        };
      });
      const top = [...alerts].sort(bySeverityThenNewest).slice(0, TOP_ALERTS);
      return {
        generatedAt: isoTime(now),
        connectors,
        openAlerts: top.map((a) => ({ id: a.id, connectorId: a.connectorId, connectorName: a.connectorId === null ? null : (names.get(a.connectorId) ?? null), type: a.kind, severity: a.severity, status: a.status, message: a.message, count: a.occurrences, raisedAt: isoTime(a.raisedAt) })),
        openAlertCounts: countSeverities(alerts),
      };
    },

    metrics(ctx: RequestContext, input: { connectorId?: string | undefined; from: string; to?: string | undefined; step: MetricsStep | 'auto' }): MetricsSeries {
      const toAt = input.to === undefined ? deps.clock.now() : Date.parse(input.to);
      const fromAt = Date.parse(input.from);
      const issue = metricsRangeIssue(fromAt, toAt, input.step);
      if (issue) throw validationFailed([issue]);
      if (input.connectorId !== undefined && !deps.repo.connectors(ctx.tenantId).some((c) => c.id === input.connectorId)) throw notFound('connector', input.connectorId);
      const step = input.step === 'auto' ? autoStep(fromAt, toAt) : input.step;
      const size = step === 'minute' ? MINUTE_MS : HOUR_MS;
      const rows = deps.metrics.rows(ctx.tenantId, step, Math.floor(fromAt / size) * size, toAt, input.connectorId);
      // Every connector together: one row per bucket, summed (the roll-up's rule, over connectors instead of minutes).
      const merged = input.connectorId === undefined ? combinedPerBucket(ctx.tenantId, rows) : rows;
      return {
        connectorId: input.connectorId ?? null,
        step,
        from: isoTime(fromAt),
        to: isoTime(toAt),
        points: denseSeries(merged, fromAt, toAt, step).map(({ startAt, row }) => pointOf(startAt, row)),
      };
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboardService>;

function combinedPerBucket(tenantId: string, rows: readonly MetricRow[]): MetricRow[] {
  const buckets = new Map<number, MetricRow[]>();
  for (const r of rows) buckets.set(r.startAt, [...(buckets.get(r.startAt) ?? []), r]);
  return [...buckets].map(([startAt, group]) => ({
    ...rollUpHour(tenantId, '', startAt, group),
    queueDepth: group.reduce((n, r) => n + r.queueDepth, 0),
    outboundDepth: group.reduce((n, r) => n + r.outboundDepth, 0),
  }));
}

function pointOf(startAt: number, row: MetricRow | undefined): MetricsPoint {
  return {
    at: isoTime(startAt),
    received: row ? row.accepted + row.rejected : 0,
    accepted: row?.accepted ?? 0,
    rejected: row?.rejected ?? 0,
    processed: row?.processed ?? 0,
    failed: row?.failed ?? 0,
    sent: row?.sent ?? 0,
    sendFailed: row?.sendFailed ?? 0,
    ackP50Ms: row ? quantileMs(row.ackLatency, 0.5) : null,
    ackP99Ms: row ? quantileMs(row.ackLatency, 0.99) : null,
    queueDepth: row?.queueDepth ?? 0,
    outboundDepth: row?.outboundDepth ?? 0,
    oldestPendingAgeSeconds: ageSeconds(row?.oldestPendingAgeMs ?? null),
  };
}
