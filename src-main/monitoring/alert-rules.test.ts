import { describe, expect, it } from 'vitest';
import { AlertThresholds } from '../../src-shared/monitoring-settings';
import { checkObservations, decide, errorRateObservation, syncObservation, type AlertState, type Observation } from './alert-rules';
import { judgeCheck, type CheckFindings } from './check-verdict';

const thresholds = AlertThresholds.parse({});
const CONN = 'CONN_01HZZZZZZZZZZZZZZZZZZZZZZZ';
const NOW = Date.parse('2026-03-11T09:00:00Z');
const holds: Observation = { type: 'connection_failed', key: 'k', connectorId: CONN, holds: true, severity: 'error', message: 'down' };
const clears: Observation = { type: 'connection_failed', key: 'k', connectorId: CONN, holds: false, recovery: 'up again' };
const unknown: Observation = { type: 'connection_failed', key: 'k', connectorId: CONN, holds: 'unknown' };
const open: AlertState = { id: 'A1', status: 'open', severity: 'error', conditionEndedAt: null };
const autoResolved: AlertState = { id: 'A1', status: 'resolved', severity: 'error', conditionEndedAt: NOW - 1 };
const manuallyResolved: AlertState = { id: 'A1', status: 'resolved', severity: 'error', conditionEndedAt: null };

const observationsOf = (findings: CheckFindings, previousFailures = 0) => {
  const verdict = judgeCheck(findings, thresholds, NOW, previousFailures, null);
  return checkObservations(CONN, findings, verdict, thresholds, NOW);
};
const byType = (observations: Observation[], type: Observation['type'], key?: string) => observations.find((o) => o.type === type && (key === undefined || o.key === key));

describe('alert decisions', () => {
  it('raises once when a condition starts and renews the open alert while it lasts', () => {
    expect(decide(holds, undefined)).toEqual({ action: 'raise' });
    expect(decide(holds, open)).toEqual({ action: 'renew', id: 'A1', severity: 'error' });
    expect(decide(holds, { ...open, status: 'acknowledged' })).toEqual({ action: 'renew', id: 'A1', severity: 'error' });
  });

  it('resolves the open or acknowledged alert when the condition clears, and does nothing when it cannot tell', () => {
    expect(decide(clears, open)).toEqual({ action: 'resolve', id: 'A1', recovery: 'up again' });
    expect(decide(clears, { ...open, status: 'acknowledged' })).toEqual({ action: 'resolve', id: 'A1', recovery: 'up again' });
    expect(decide(unknown, open)).toEqual({ action: 'none' });
    expect(decide(clears, undefined)).toEqual({ action: 'none' });
  });

  it('raises a new alert after an automatic recovery when the condition starts again', () => {
    expect(decide(holds, autoResolved)).toEqual({ action: 'raise' });
  });

  it('does not raise again while a manually resolved condition still holds, only after it cleared and started again', () => {
    expect(decide(holds, manuallyResolved)).toEqual({ action: 'none' });
    expect(decide(clears, manuallyResolved)).toEqual({ action: 'condition-ended', id: 'A1' });
    expect(decide(holds, { ...manuallyResolved, conditionEndedAt: NOW })).toEqual({ action: 'raise' });
  });
});

describe('conditions of a health check', () => {
  const refused = { connectFailure: { code: 'MONITOR_CONNECT_FAILED', message: 'could not connect to 127.0.0.1:1: ECONNREFUSED' } };

  it('holds connection_failed only from the threshold of failed checks in a row, and clears on the first success', () => {
    expect(byType(observationsOf(refused, 1), 'connection_failed')).toMatchObject({ holds: 'unknown' });
    expect(byType(observationsOf(refused, 2), 'connection_failed')).toMatchObject({ holds: true, severity: 'error', message: expect.stringContaining('3 checks in a row') });
    expect(byType(observationsOf({ latencyMs: 3 }, 7), 'connection_failed')).toMatchObject({ holds: false });
  });

  it('holds slow_response above the latency threshold and cannot tell while the partner is unreachable', () => {
    expect(byType(observationsOf({ latencyMs: 5001 }), 'slow_response')).toMatchObject({ holds: true, severity: 'warning' });
    expect(byType(observationsOf({ latencyMs: 4999 }), 'slow_response')).toMatchObject({ holds: false });
    expect(byType(observationsOf(refused), 'slow_response')).toMatchObject({ holds: 'unknown' });
  });

  it('holds auth_expired for a refused token, an expired certificate (critical) and one expiring soon (warning)', () => {
    const day = 86_400_000;
    const o = observationsOf({ latencyMs: 5, authFailure: { code: 'MONITOR_AUTH_REFUSED', message: 'token refused (HTTP 401)' }, peerCertificateExpiresAt: NOW - day, credentialExpiresAt: NOW + 3 * day });
    expect(byType(o, 'auth_expired', `auth_expired:${CONN}:token`)).toMatchObject({ holds: true, severity: 'error' });
    expect(byType(o, 'auth_expired', `auth_expired:${CONN}:certificate`)).toMatchObject({ holds: true, severity: 'critical' });
    expect(byType(o, 'auth_expired', `auth_expired:${CONN}:credential`)).toMatchObject({ holds: true, severity: 'warning' });
    expect(byType(observationsOf({ latencyMs: 5, peerCertificateExpiresAt: NOW + 90 * day }), 'auth_expired', `auth_expired:${CONN}:certificate`)).toMatchObject({ holds: false });
  });

  it('holds feed_quiet while the cadence is missed and leaves it alone outside the expected hours', () => {
    expect(byType(observationsOf({ cadence: { state: 'quiet', silentMinutes: 31 } }), 'feed_quiet')).toMatchObject({ holds: true, severity: 'warning' });
    expect(byType(observationsOf({ cadence: { state: 'outside' } }), 'feed_quiet')).toMatchObject({ holds: 'unknown' });
    expect(byType(observationsOf({ cadence: { state: 'fresh' } }), 'feed_quiet')).toMatchObject({ holds: false });
  });
});

describe('error rate', () => {
  it('judges nothing below the minimum sample: 1 failure in 2 is not 50 %', () => {
    expect(errorRateObservation(CONN, { total: 2, failed: 1 }, thresholds)).toMatchObject({ holds: false });
  });

  it('is a warning from 10 % and critical from 25 % of a sufficient sample', () => {
    expect(errorRateObservation(CONN, { total: 100, failed: 9 }, thresholds)).toMatchObject({ holds: false });
    expect(errorRateObservation(CONN, { total: 100, failed: 10 }, thresholds)).toMatchObject({ holds: true, severity: 'warning' });
    expect(errorRateObservation(CONN, { total: 100, failed: 25 }, thresholds)).toMatchObject({ holds: true, severity: 'critical' });
  });

  it('follows the connector’s own thresholds', () => {
    const strict = AlertThresholds.parse({ errorRateWarning: 0.01, errorRateCritical: 0.02 });
    expect(errorRateObservation(CONN, { total: 100, failed: 2 }, strict)).toMatchObject({ holds: true, severity: 'critical' });
  });
});

describe('sync jobs', () => {
  it('holds sync_failed for a failed newest run, keyed by the job, and clears on a successful one', () => {
    const job = { id: 'JOB_1', name: 'nightly pull', connectorId: null };
    expect(syncObservation(job, { status: 'failed', errorCode: 'SYNC_UPSTREAM_DOWN' })).toMatchObject({ key: 'sync_failed:JOB_1', holds: true, severity: 'error' });
    expect(syncObservation(job, { status: 'succeeded', errorCode: null })).toMatchObject({ holds: false });
  });
});

describe('health check verdict', () => {
  it('is unhealthy when the partner cannot be reached and counts the failures in a row', () => {
    expect(judgeCheck({ connectFailure: { code: 'MONITOR_CONNECT_FAILED', message: 'refused' } }, thresholds, NOW, 2, null)).toMatchObject({ status: 'unhealthy', succeeded: false, consecutiveFailures: 3, reasonCode: 'MONITOR_CONNECT_FAILED' });
  });

  it('is degraded for a slow answer and healthy for a quick one, the count of failures back to zero', () => {
    expect(judgeCheck({ latencyMs: 6000 }, thresholds, NOW, 4, null)).toMatchObject({ status: 'degraded', consecutiveFailures: 0, reasonCode: 'MONITOR_SLOW_RESPONSE' });
    expect(judgeCheck({ latencyMs: 6 }, thresholds, NOW, 4, null)).toMatchObject({ status: 'healthy', reasonCode: null, detail: null });
  });

  it('judges availability against the uptime thresholds once there are enough checks', () => {
    expect(judgeCheck({ latencyMs: 6 }, thresholds, NOW, 0, { checks: 20, ratio: 0.93 })).toMatchObject({ status: 'degraded', reasonCode: 'MONITOR_LOW_AVAILABILITY' });
    expect(judgeCheck({ latencyMs: 6 }, thresholds, NOW, 0, { checks: 20, ratio: 0.85 })).toMatchObject({ status: 'unhealthy' });
    expect(judgeCheck({ latencyMs: 6 }, thresholds, NOW, 0, { checks: 5, ratio: 0.5 })).toMatchObject({ status: 'healthy' });
  });

  it('is unknown when there is nothing to check', () => {
    expect(judgeCheck({ nothingToCheck: true }, thresholds, NOW, 0, null)).toMatchObject({ status: 'unknown' });
  });
});
