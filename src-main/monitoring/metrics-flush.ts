import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { JobKind } from '../jobs/runner';
import type { MetricsRepo, MinuteEntry } from '../store/metrics-repo';
import { emptyHistogram } from './latency-histogram';
import { minuteStart, zeroCounts } from './metric-rows';
import type { MetricsRecorder } from './metrics-recorder';

export const METRICS_FLUSH_KIND = 'metrics-flush';
/** Minutes kept in memory while the store refuses them; older ones are dropped (metrics are not worth blocking for). */
const MAX_UNWRITTEN_MINUTES = 60;

export interface MetricsFlush {
  kind: JobKind;
  /** Writes what is counted now into the current minute (tests; the engine's stop). */
  flush(): void;
}

/**
 * The runner's `metrics-flush` kind: a turn every second only compares the clock with the minute it
 * counts; once a minute has ended, it takes the meters (their counts since the last flush go to that
 * minute, so a count made in the second after the boundary, before the turn, lands in the minute before),
 * samples the queues, and writes the minute, its hour's roll-up and the pruning in one transaction.
 */
export function createMetricsFlush(deps: { recorder: MetricsRecorder; repo: MetricsRepo; clock: Clock; logger: Logger; intervalMs?: number }): MetricsFlush {
  let current = minuteStart(deps.clock.now());
  let unwritten: { minuteAt: number; entries: MinuteEntry[] }[] = [];

  const flushInto = (minuteAt: number, now: number): void => {
    const taken = deps.recorder.take();
    const gauges = deps.repo.gauges(now);
    const entries: MinuteEntry[] = taken.map((m) => ({ ...m, gauges: gauges.get(m.connectorId) }));
    for (const [connectorId, g] of gauges) if (!taken.some((m) => m.connectorId === connectorId)) entries.push({ tenantId: g.tenantId, connectorId, counts: zeroCounts(), ackLatency: emptyHistogram(), gauges: g, lastSentAt: null });
    unwritten.push({ minuteAt, entries });
    try {
      deps.repo.flush(unwritten, now);
      unwritten = [];
    } catch (error) {
      unwritten = unwritten.slice(-MAX_UNWRITTEN_MINUTES);
      throw error;
    }
  };

  return {
    kind: {
      kind: METRICS_FLUSH_KIND,
      intervalMs: deps.intervalMs ?? 1000,
      tick(now) {
        const minute = minuteStart(now);
        if (minute <= current) return 'idle';
        const ended = current;
        current = minute;
        flushInto(ended, now);
        return 'idle';
      },
    },
    flush() {
      const now = deps.clock.now();
      current = Math.max(current, minuteStart(now));
      flushInto(current, now);
    },
  };
}
