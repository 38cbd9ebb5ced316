import { emptyHistogram, latencyBucket } from './latency-histogram';
import { COUNT_FIELDS, type MetricCounts } from './metric-rows';

/** Where each count sits in a meter's `counts`. */
export const Count = { accepted: 0, rejected: 1, processed: 2, failed: 3, sent: 4, sendFailed: 5 } as const satisfies Record<(typeof COUNT_FIELDS)[number], number>;

/**
 * One connector's live counters since the last flush. Intake holds its connector's meter, so counting a
 * message is an array increment (no lookup, no allocation, no SQL); only the flush reads and zeroes it.
 */
export interface ConnectorMeter {
  readonly tenantId: string;
  readonly connectorId: string;
  readonly counts: Float64Array;
  readonly ackLatency: Uint32Array;
  lastSentAt: number | null;
}

/** What a meter held when it was taken (and zeroed). */
export interface TakenMeter {
  tenantId: string;
  connectorId: string;
  counts: MetricCounts;
  ackLatency: Uint32Array;
  lastSentAt: number | null;
}

export interface MetricsRecorder {
  /** The connector's meter, made on first use and kept. */
  meter(tenantId: string, connectorId: string): ConnectorMeter;
  /** Adds `n` to a count of a connector (processing and delivery outcomes, off the ACK path). */
  add(tenantId: string, connectorId: string, count: number, n: number): void;
  /** A delivery to the connector was accepted at `at`. */
  sent(tenantId: string, connectorId: string, at: number): void;
  /** Every meter that counted something since the last take, copied and zeroed. */
  take(): TakenMeter[];
  /** The last delivery to the connector this engine saw, if any since it started. */
  lastSentAt(connectorId: string): number | null;
}

/** ACK latency into a meter: one bucket increment. */
export const observeAck = (meter: ConnectorMeter, ms: number): void => {
  meter.ackLatency[latencyBucket(ms)]++;
};

export function createMetricsRecorder(): MetricsRecorder {
  const meters = new Map<string, ConnectorMeter>();
  const meter = (tenantId: string, connectorId: string): ConnectorMeter => {
    let m = meters.get(connectorId);
    if (!m) {
      m = { tenantId, connectorId, counts: new Float64Array(COUNT_FIELDS.length), ackLatency: emptyHistogram(), lastSentAt: null };
      meters.set(connectorId, m);
    }
    return m;
  };
  return {
    meter,
    add(tenantId, connectorId, count, n) {
      meter(tenantId, connectorId).counts[count] += n;
    },
    sent(tenantId, connectorId, at) {
      const m = meter(tenantId, connectorId);
      m.counts[Count.sent]++;
      m.lastSentAt = at;
    },
    take() {
      const taken: TakenMeter[] = [];
      for (const m of meters.values()) {
        const active = m.counts.some((c) => c > 0) || m.ackLatency.some((c) => c > 0);
        if (!active) continue;
        const counts = Object.fromEntries(COUNT_FIELDS.map((field, i) => [field, m.counts[i] ?? 0])) as unknown as MetricCounts;
        taken.push({ tenantId: m.tenantId, connectorId: m.connectorId, counts, ackLatency: Uint32Array.from(m.ackLatency), lastSentAt: m.lastSentAt });
        m.counts.fill(0);
        m.ackLatency.fill(0);
      }
      return taken;
    },
    lastSentAt: (connectorId) => meters.get(connectorId)?.lastSentAt ?? null,
  };
}

