import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { silentLogger } from '../core/logger';
import { createMetricsRepo } from '../store/metrics-repo';
import { quantileMs } from './latency-histogram';
import { HOUR_MS, MINUTE_MS, MINUTE_RETENTION_MS } from './metric-rows';
import { createMetricsFlush } from './metrics-flush';
import { Count, createMetricsRecorder, observeAck } from './metrics-recorder';

const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const TENANT = 'TEN_DEFAULT';

describe('metrics flush', () => {
  const store = useTempStore();
  const setUp = (start: number) => {
    store().sqlite.exec(`INSERT INTO interop_connectors (id, tenant_id, name, protocol, direction, host, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at)
      VALUES ('CONN_A', '${TENANT}', 'Lab in', 'mllp', 'inbound', '127.0.0.1', 2575, 0, 'none', '[]', '{}', 'active', 1, 0, 0)`);
    const clock = { at: start, now: () => clock.at };
    const recorder = createMetricsRecorder();
    const repo = createMetricsRepo(store().sqlite);
    const flush = createMetricsFlush({ recorder, repo, clock, logger: silentLogger });
    const meter = recorder.meter(TENANT, 'CONN_A');
    const tick = (at: number) => {
      clock.at = at;
      return flush.kind.tick(at, new AbortController().signal);
    };
    return { clock, recorder, repo, flush, meter, tick };
  };

  it('writes nothing within a minute, then the ended minute with its counts and hour once the minute is over', () => {
    const { repo, meter, tick } = setUp(T0 + 5_000);
    meter.counts[Count.accepted] += 3;
    meter.counts[Count.rejected] += 1;
    observeAck(meter, 4);
    tick(T0 + 30_000);
    expect(repo.rows(TENANT, 'minute', T0, T0 + HOUR_MS)).toHaveLength(0);
    tick(T0 + MINUTE_MS + 400);
    const [minute] = repo.rows(TENANT, 'minute', T0, T0 + HOUR_MS);
    expect(minute).toMatchObject({ startAt: T0, accepted: 3, rejected: 1 });
    expect(repo.rows(TENANT, 'hour', T0, T0 + HOUR_MS)).toMatchObject([{ startAt: T0, accepted: 3, rejected: 1 }]);
    expect(meter.counts.every((c) => c === 0)).toBe(true);
  });

  it('rolls the minutes of an hour up so the hour p99 is exact over all of them, and a forced flush adds to its minute', () => {
    const { repo, meter, tick, flush, clock } = setUp(T0);
    for (let i = 0; i < 99; i++) observeAck(meter, 2);
    meter.counts[Count.accepted] += 99;
    tick(T0 + MINUTE_MS);
    observeAck(meter, 700);
    meter.counts[Count.accepted] += 1;
    clock.at = T0 + MINUTE_MS + 10_000;
    flush.flush();
    meter.counts[Count.processed] += 100;
    flush.flush();
    const minutes = repo.rows(TENANT, 'minute', T0, T0 + HOUR_MS);
    expect(minutes.map((m) => [m.startAt, m.accepted, m.processed])).toEqual([
      [T0, 99, 0],
      [T0 + MINUTE_MS, 1, 100],
    ]);
    const [hour] = repo.rows(TENANT, 'hour', T0, T0 + HOUR_MS);
    expect(hour).toMatchObject({ accepted: 100, processed: 100 });
    expect(quantileMs(hour!.ackLatency, 0.99)).toBeLessThan(3);
    expect(quantileMs(hour!.ackLatency, 1)).toBeGreaterThanOrEqual(700);
  });

  it('deletes minute rows older than 7 days and hour rows older than a year when it flushes', () => {
    const { repo, meter, tick, clock, flush } = setUp(T0);
    meter.counts[Count.accepted]++;
    tick(T0 + MINUTE_MS);
    const later = T0 + MINUTE_RETENTION_MS + 2 * HOUR_MS;
    clock.at = later;
    meter.counts[Count.accepted]++;
    flush.flush();
    expect(repo.rows(TENANT, 'minute', T0, later + HOUR_MS).map((m) => m.startAt)).toEqual([later - (later % MINUTE_MS)]);
    expect(repo.rows(TENANT, 'hour', T0, later + HOUR_MS)).toHaveLength(2);
    clock.at = T0 + 366 * 24 * HOUR_MS;
    meter.counts[Count.accepted]++;
    flush.flush();
    expect(repo.rows(TENANT, 'hour', T0, T0 + 2 * HOUR_MS)).toHaveLength(0);
  });

  it('skips a connector deleted before its minute was written, and keeps writing the others', () => {
    const { recorder, repo, tick } = setUp(T0);
    recorder.add(TENANT, 'CONN_GONE', Count.processed, 5);
    recorder.add(TENANT, 'CONN_A', Count.processed, 2);
    tick(T0 + MINUTE_MS);
    expect(repo.rows(TENANT, 'minute', T0, T0 + HOUR_MS)).toMatchObject([{ connectorId: 'CONN_A', processed: 2 }]);
  });
});
