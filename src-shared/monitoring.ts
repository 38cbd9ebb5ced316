import { z } from 'zod';
import { ConnectorDirection, ConnectorProtocol, ConnectorStatus, HealthCheckStatus } from './connectors';
import { defineOperation, idInput } from './define-operation';

/** A connector's health on the dashboard: its latest health check, else what the engine knows of its listener or destination. */
export const ConnectorHealthState = HealthCheckStatus;
export type ConnectorHealthState = z.infer<typeof ConnectorHealthState>;


export const SeverityCounts = z.object({ info: z.number(), warning: z.number(), error: z.number(), critical: z.number() });
export type SeverityCounts = z.infer<typeof SeverityCounts>;

/** An open or acknowledged alert as the dashboard lists it. */
export const DashboardAlert = z.object({
  id: z.string(),
  connectorId: z.string().nullable(),
  connectorName: z.string().nullable(),
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  message: z.string(),
  count: z.number(),
  raisedAt: z.string(),
});
export type DashboardAlert = z.infer<typeof DashboardAlert>;

export const MessageRates = z.object({ received: z.number(), processed: z.number(), failed: z.number(), sent: z.number() });
export type MessageRates = z.infer<typeof MessageRates>;

export const ConnectorDashboard = z.object({
  id: z.string(),
  name: z.string(),
  protocol: ConnectorProtocol,
  direction: ConnectorDirection,
  status: ConnectorStatus,
  health: ConnectorHealthState,
  /** Why the health is what it is (the listener's error, an offline destination), when the engine knows. */
  healthReason: z.string().nullable(),
  /** Counts in the last whole minute and in the last 60 minutes (as flushed: each minute is written once it ends). */
  rates: z.object({ lastMinute: MessageRates, lastHour: MessageRates }),
  /** ACK latency over the last hour, in ms (null when nothing was ACKed). */
  ackLatencyMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
  /** Messages received per minute (inbound) plus deliveries per minute (outbound), the last 60 minutes, oldest first. */
  throughput: z.array(z.number()),
  /** Messages of this connector pending or processing. */
  queueDepth: z.number(),
  /** Outbound items to this connector still to deliver. */
  outboundDepth: z.number(),
  oldestPendingAgeSeconds: z.number().nullable(),
  /** The newest message received (inbound) or delivered (outbound). */
  lastMessageAt: z.string().nullable(),
  openAlerts: SeverityCounts,
});
export type ConnectorDashboard = z.infer<typeof ConnectorDashboard>;

export const Dashboard = z.object({
  generatedAt: z.string(),
  connectors: z.array(ConnectorDashboard),
  /** Open and acknowledged alerts, most severe first, then newest; at most 10. */
  openAlerts: z.array(DashboardAlert),
  openAlertCounts: SeverityCounts,
});
export type Dashboard = z.infer<typeof Dashboard>;

export const MetricsStep = z.enum(['minute', 'hour']);
export type MetricsStep = z.infer<typeof MetricsStep>;

export const MetricsPoint = z.object({
  at: z.string(),
  received: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  processed: z.number(),
  failed: z.number(),
  sent: z.number(),
  sendFailed: z.number(),
  ackP50Ms: z.number().nullable(),
  ackP99Ms: z.number().nullable(),
  queueDepth: z.number(),
  outboundDepth: z.number(),
  oldestPendingAgeSeconds: z.number().nullable(),
});
export type MetricsPoint = z.infer<typeof MetricsPoint>;

export const MetricsSeries = z.object({
  /** The connector, or null for every connector of the tenant together. */
  connectorId: z.string().nullable(),
  step: MetricsStep,
  from: z.string(),
  to: z.string(),
  points: z.array(MetricsPoint),
});
export type MetricsSeries = z.infer<typeof MetricsSeries>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Minute steps chart at most what minute rows keep (7 days), hour steps a year; `auto` picks minutes up to a day. */
export const METRICS_MAX_RANGE_MS = { minute: 7 * DAY_MS, hour: 366 * DAY_MS } as const;
const instant = z.iso.datetime({ offset: true });

/** What is wrong with a chart's range, if anything (the API refuses it with 422). */
export function metricsRangeIssue(fromAt: number, toAt: number, step: MetricsStep | 'auto'): { path: 'from' | 'to'; message: string } | undefined {
  const range = toAt - fromAt;
  if (range <= 0) return { path: 'to', message: 'must be after from' };
  const limit = step === 'minute' ? METRICS_MAX_RANGE_MS.minute : METRICS_MAX_RANGE_MS.hour;
  if (range > limit) return { path: 'from', message: `${step === 'minute' ? 'a minute step charts' : 'charts'} at most ${limit / DAY_MS} days` };
  return undefined;
}

export const monitoringOps = {
  dashboard: defineOperation({
    name: 'monitoring.dashboard',
    http: { method: 'GET', path: '/api/v1/monitoring/dashboard' },
    input: z.object({}),
    output: Dashboard,
    reads: ['connectors', 'outbound', 'alerts'],
  }),
  metrics: defineOperation({
    name: 'monitoring.metrics',
    http: { method: 'GET', path: '/api/v1/monitoring/metrics' },
    input: z
      .object({
        connectorId: idInput('CONN').optional(),
        from: instant,
        /** Default: now. */
        to: instant.optional(),
        step: z.enum(['minute', 'hour', 'auto']).default('auto'),
      })
      .superRefine((input, ctx) => {
        // Without `to` the range ends now, which only the engine knows: it checks the same rule.
        const issue = input.to === undefined ? undefined : metricsRangeIssue(Date.parse(input.from), Date.parse(input.to), input.step);
        if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
      }),
    output: MetricsSeries,
  }),
} as const;
