import { describe, expect, it } from 'vitest';
import { BACKLOG_AGE_DEGRADED_MS, BACKLOG_SIZE_DEGRADED, FREE_DISK_DEGRADED_BYTES, FREE_DISK_FAILING_BYTES, RESTART_DEGRADED_MS, healthReasons, healthStatus, type HealthFacts } from './health-rules';

const NOW = Date.UTC(2026, 2, 1, 8, 0, 0);
const healthy: HealthFacts = {
  now: NOW,
  store: { writable: true, error: null, freeBytes: 50 * FREE_DISK_DEGRADED_BYTES },
  listeners: [{ connectorId: 'CONN_A', name: 'ADT in', state: 'listening', error: null }],
  backlog: { pending: 3, waitingSince: NOW - 2000 },
};
const judge = (facts: Partial<HealthFacts>) => {
  const reasons = healthReasons({ ...healthy, ...facts });
  return { status: healthStatus(reasons), codes: reasons.map((r) => r.code), reasons };
};

describe('health rules', () => {
  it('says ok when the store is writable, every expected listener listens and the backlog is fresh', () => {
    expect(judge({})).toMatchObject({ status: 'ok', codes: [] });
    expect(judge({ listeners: [], backlog: { pending: 0, waitingSince: null }, store: { writable: true, error: null, freeBytes: null } }).status).toBe('ok');
  });

  it('says failing when the store cannot be written, with the reason', () => {
    const verdict = judge({ store: { writable: false, error: 'SQLITE_READONLY', freeBytes: null } });
    expect(verdict).toMatchObject({ status: 'failing', codes: ['STORE_NOT_WRITABLE'] });
    expect(verdict.reasons[0]?.message).toContain('SQLITE_READONLY');
  });

  it('says degraded when disk space runs low and failing when it is nearly gone', () => {
    expect(judge({ store: { writable: true, error: null, freeBytes: FREE_DISK_DEGRADED_BYTES - 1 } })).toMatchObject({ status: 'degraded', codes: ['DISK_SPACE_LOW'] });
    expect(judge({ store: { writable: true, error: null, freeBytes: FREE_DISK_FAILING_BYTES - 1 } })).toMatchObject({ status: 'failing', codes: ['DISK_SPACE_CRITICAL'] });
  });

  it('says degraded, naming the connector and why, for each active listener that does not listen', () => {
    const verdict = judge({
      listeners: [
        { connectorId: 'CONN_A', name: 'ADT in', state: 'listening', error: null },
        { connectorId: 'CONN_B', name: 'Lab in', state: 'failed', error: 'port 2575 on 0.0.0.0 is already in use by another process on this machine' },
        { connectorId: 'CONN_C', name: 'RIS in', state: undefined, error: null },
      ],
    });
    expect(verdict).toMatchObject({ status: 'degraded', codes: ['LISTENER_DOWN', 'LISTENER_DOWN'] });
    expect(verdict.reasons.map((r) => r.connectorId)).toEqual(['CONN_B', 'CONN_C']);
    expect(verdict.reasons[0]?.message).toBe('connector "Lab in" is active but does not listen: port 2575 on 0.0.0.0 is already in use by another process on this machine');
    expect(verdict.reasons[1]?.message).toContain('not started');
  });

  it('says degraded when the oldest unprocessed message has waited too long or too many wait', () => {
    expect(judge({ backlog: { pending: 1, waitingSince: NOW - BACKLOG_AGE_DEGRADED_MS + 1 } }).status).toBe('ok');
    const old = judge({ backlog: { pending: 1, waitingSince: NOW - BACKLOG_AGE_DEGRADED_MS } });
    expect(old).toMatchObject({ status: 'degraded', codes: ['BACKLOG_OLD'] });
    expect(old.reasons[0]?.message).toContain('15 min');
    expect(judge({ backlog: { pending: BACKLOG_SIZE_DEGRADED, waitingSince: NOW } })).toMatchObject({ status: 'degraded', codes: ['BACKLOG_LARGE'] });
  });

  it('says degraded for a while after the supervisor restarted the engine process, naming how the last one ended', () => {
    const restarted = judge({ lastExit: { at: NOW - 3 * 60_000, code: null, signal: 'SIGKILL' } });
    expect(restarted).toMatchObject({ status: 'degraded', codes: ['ENGINE_RESTARTED'] });
    expect(restarted.reasons[0]?.message).toBe('the engine process was killed by SIGKILL 3 min ago and was restarted');
    expect(judge({ lastExit: { at: NOW - RESTART_DEGRADED_MS, code: 1, signal: null } }).status).toBe('ok');
  });

  it('lets failing win over degraded and keeps every reason', () => {
    const verdict = judge({ store: { writable: false, error: null, freeBytes: null }, listeners: [{ connectorId: 'CONN_B', name: 'Lab in', state: 'failed', error: null }] });
    expect(verdict).toMatchObject({ status: 'failing', codes: ['STORE_NOT_WRITABLE', 'LISTENER_DOWN'] });
  });
});
