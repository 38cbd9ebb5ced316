import { describe, expect, it } from 'vitest';
import { emptyHistogram, latencyBucket, quantileMs } from './latency-histogram';
import { addToRow, autoStep, denseSeries, HOUR_MS, hourStart, MINUTE_MS, minuteStart, rollUpHour, zeroCounts, zeroGauges, type MetricRow } from './metric-rows';

const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const histogram = (ms: number, count: number): Uint32Array => {
  const h = emptyHistogram();
  h[latencyBucket(ms)] = count;
  return h;
};
const minute = (at: number, over: Partial<MetricRow> = {}): MetricRow => ({ tenantId: 'T', connectorId: 'CONN_A', resolution: 'minute', startAt: at, ...zeroCounts(), ...zeroGauges(), ackLatency: emptyHistogram(), lastSentAt: null, ...over });

describe('metric minutes and hours', () => {
  it('buckets a moment into the minute and the hour that hold it', () => {
    expect(minuteStart(T0 + 59_999)).toBe(T0);
    expect(minuteStart(T0 + 60_000)).toBe(T0 + MINUTE_MS);
    expect(hourStart(T0 + 59 * MINUTE_MS + 59_999)).toBe(T0);
    expect(hourStart(T0 + HOUR_MS)).toBe(T0 + HOUR_MS);
  });

  it('adds a second flush of a minute to the first and keeps the newer gauges', () => {
    const first = minute(T0, { accepted: 3, rejected: 1, ackLatency: histogram(2, 4), queueDepth: 9, oldestPendingAgeMs: 500 });
    const again = addToRow(first, { ...zeroCounts(), accepted: 2, processed: 5 }, histogram(2, 2), { queueDepth: 1, outboundDepth: 0, oldestPendingAgeMs: null }, T0 + 10);
    expect(again).toMatchObject({ accepted: 5, rejected: 1, processed: 5, queueDepth: 1, oldestPendingAgeMs: null, lastSentAt: T0 + 10 });
    expect(again.ackLatency[latencyBucket(2)]).toBe(6);
    expect(first.ackLatency[latencyBucket(2)]).toBe(4);
    expect(addToRow(first, zeroCounts(), emptyHistogram(), undefined, null)).toMatchObject({ queueDepth: 9, oldestPendingAgeMs: 500 });
  });

  it('rolls minutes up into an hour whose p99 is exact over all its minutes', () => {
    const minutes = [
      minute(T0, { accepted: 99, failed: 1, ackLatency: histogram(3, 99), queueDepth: 4, oldestPendingAgeMs: 100 }),
      minute(T0 + MINUTE_MS, { accepted: 1, sent: 7, sendFailed: 2, ackLatency: histogram(800, 1), queueDepth: 2, oldestPendingAgeMs: 9_000, lastSentAt: T0 + 70_000 }),
    ];
    const hour = rollUpHour('T', 'CONN_A', T0, minutes);
    expect(hour).toMatchObject({ resolution: 'hour', startAt: T0, accepted: 100, failed: 1, sent: 7, sendFailed: 2, queueDepth: 4, oldestPendingAgeMs: 9_000, lastSentAt: T0 + 70_000 });
    expect(quantileMs(hour.ackLatency, 0.5)).toBe(quantileMs(histogram(3, 1), 0.5));
    expect(quantileMs(hour.ackLatency, 0.995)).toBeGreaterThanOrEqual(800);
  });

  it('charts minutes up to a day and hours beyond', () => {
    expect(autoStep(T0, T0 + HOUR_MS)).toBe('minute');
    expect(autoStep(T0, T0 + 24 * HOUR_MS)).toBe('minute');
    expect(autoStep(T0, T0 + 7 * 24 * HOUR_MS)).toBe('hour');
  });

  it('gives a chart every bucket of its range, with the stored rows in their places', () => {
    const points = denseSeries([minute(T0 + MINUTE_MS, { accepted: 4 })], T0 + 30_000, T0 + 3 * MINUTE_MS, 'minute');
    expect(points.map((p) => p.startAt)).toEqual([T0, T0 + MINUTE_MS, T0 + 2 * MINUTE_MS]);
    expect(points.map((p) => p.row?.accepted ?? 0)).toEqual([0, 4, 0]);
  });
});
