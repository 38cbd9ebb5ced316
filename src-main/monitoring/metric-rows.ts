import { emptyHistogram, mergeHistogram } from './latency-histogram';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** Minute rows are kept 7 days, hour rows a year. */
export const MINUTE_RETENTION_MS = 7 * 24 * HOUR_MS;
export const HOUR_RETENTION_MS = 365 * 24 * HOUR_MS;

export type Resolution = 'minute' | 'hour';

/** What is counted per connector; received = accepted + rejected. */
export interface MetricCounts {
  accepted: number;
  rejected: number;
  processed: number;
  failed: number;
  sent: number;
  sendFailed: number;
}
export const COUNT_FIELDS = ['accepted', 'rejected', 'processed', 'failed', 'sent', 'sendFailed'] as const satisfies readonly (keyof MetricCounts)[];

/** What a connector's queues looked like when a minute was flushed. */
export interface MetricGauges {
  queueDepth: number;
  outboundDepth: number;
  oldestPendingAgeMs: number | null;
}

/** One stored row: a connector's minute or hour. */
export interface MetricRow extends MetricCounts, MetricGauges {
  tenantId: string;
  connectorId: string;
  resolution: Resolution;
  startAt: number;
  ackLatency: Uint32Array;
  lastSentAt: number | null;
}

export const minuteStart = (at: number): number => Math.floor(at / MINUTE_MS) * MINUTE_MS;
export const hourStart = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;

export const zeroCounts = (): MetricCounts => ({ accepted: 0, rejected: 0, processed: 0, failed: 0, sent: 0, sendFailed: 0 });
export const zeroGauges = (): MetricGauges => ({ queueDepth: 0, outboundDepth: 0, oldestPendingAgeMs: null });

const laterOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * A minute flushed again (a forced flush, then the periodic one; or the stop's): counts and latencies
 * add up, the gauges are the newer sample's when it has one.
 */
export function addToRow(row: MetricRow, counts: MetricCounts, ackLatency: Uint32Array, gauges: MetricGauges | undefined, lastSentAt: number | null): MetricRow {
  const merged = { ...row, ackLatency: Uint32Array.from(row.ackLatency), lastSentAt: laterOf(row.lastSentAt, lastSentAt) };
  for (const field of COUNT_FIELDS) merged[field] = row[field] + counts[field];
  mergeHistogram(merged.ackLatency, ackLatency);
  return gauges ? { ...merged, ...gauges } : merged;
}

/** An hour from its minutes: counts and latency histograms add up; the gauges are the hour's largest sample. */
export function rollUpHour(tenantId: string, connectorId: string, hourAt: number, minutes: readonly MetricRow[]): MetricRow {
  const hour: MetricRow = { tenantId, connectorId, resolution: 'hour', startAt: hourAt, ...zeroCounts(), ...zeroGauges(), ackLatency: emptyHistogram(), lastSentAt: null };
  for (const m of minutes) {
    for (const field of COUNT_FIELDS) hour[field] += m[field];
    mergeHistogram(hour.ackLatency, m.ackLatency);
    hour.queueDepth = Math.max(hour.queueDepth, m.queueDepth);
    hour.outboundDepth = Math.max(hour.outboundDepth, m.outboundDepth);
    hour.oldestPendingAgeMs = laterOf(hour.oldestPendingAgeMs, m.oldestPendingAgeMs);
    hour.lastSentAt = laterOf(hour.lastSentAt, m.lastSentAt);
  }
  return hour;
}

/** Ranges up to a day chart minutes; longer ones hours. */
export const MINUTE_STEP_MAX_RANGE_MS = 24 * HOUR_MS;
export const autoStep = (fromAt: number, toAt: number): Resolution => (toAt - fromAt <= MINUTE_STEP_MAX_RANGE_MS ? 'minute' : 'hour');

/** Whole buckets covering [fromAt, toAt), oldest first, each with its row or zeros: a chart's x axis has no gaps. */
export function denseSeries(rows: readonly MetricRow[], fromAt: number, toAt: number, step: Resolution): { startAt: number; row: MetricRow | undefined }[] {
  const size = step === 'minute' ? MINUTE_MS : HOUR_MS;
  const byStart = new Map(rows.map((r) => [r.startAt, r]));
  const points: { startAt: number; row: MetricRow | undefined }[] = [];
  for (let at = Math.floor(fromAt / size) * size; at < toAt; at += size) points.push({ startAt: at, row: byStart.get(at) });
  return points;
}
