/**
 * Which alert conditions hold, and what each observation does to the alert of its dedupe key: pure.
 * Alerts are state-based — one alert while a condition lasts (its count and last seen move on), resolved
 * with a recovery notice when it clears.
 */
import type { AlertSeverity, AlertType } from '../../src-shared/alerts';
import type { AlertThresholds } from '../../src-shared/monitoring-settings';
import { EXPIRY_WARNING_MS, type CheckFindings, type CheckVerdict } from './check-verdict';

/** An error rate is judged only over at least this many messages or attempts: 1 failure in 2 is not 50 %. */
export const ERROR_RATE_MIN_SAMPLE = 20;
/** The sliding window the error rate is counted over. */
export const ERROR_RATE_WINDOW_MS = 15 * 60_000;

/**
 * One evaluation of one condition. `holds`: raise or renew; `clear`: resolve with `recovery`; `unknown`:
 * this evaluation cannot tell (the peer was unreachable, nothing is expected now), so nothing changes.
 */
export type Observation =
  | { type: AlertType; key: string; connectorId: string | null; holds: true; severity: AlertSeverity; message: string }
  | { type: AlertType; key: string; connectorId: string | null; holds: false; recovery: string }
  | { type: AlertType; key: string; connectorId: string | null; holds: 'unknown' };

/** The alert of a dedupe key as the decision needs it: its newest row, open (or acknowledged) or resolved. */
export interface AlertState {
  id: string;
  status: 'open' | 'acknowledged' | 'resolved';
  severity: AlertSeverity;
  /** When the condition was last seen to clear; null for a manually resolved alert whose condition has not cleared since. */
  conditionEndedAt: number | null;
}

export type AlertAction =
  | { action: 'raise' }
  | { action: 'renew'; id: string; severity: AlertSeverity }
  | { action: 'resolve'; id: string; recovery: string }
  /** A manually resolved alert's condition cleared: a new start of the condition may raise again. */
  | { action: 'condition-ended'; id: string }
  | { action: 'none' };

/**
 * The one decision. An acknowledged alert is still the open alert of its key (renewed, resolved when the
 * condition clears). A manually resolved alert whose condition still holds is not raised again: a new
 * alert comes only once the condition has cleared and starts again.
 */
export function decide(observation: Observation, latest: AlertState | undefined): AlertAction {
  const open = latest && latest.status !== 'resolved' ? latest : undefined;
  if (observation.holds === 'unknown') return { action: 'none' };
  if (observation.holds) {
    if (open) return { action: 'renew', id: open.id, severity: observation.severity };
    if (latest && latest.conditionEndedAt === null) return { action: 'none' };
    return { action: 'raise' };
  }
  if (open) return { action: 'resolve', id: open.id, recovery: observation.recovery };
  if (latest && latest.conditionEndedAt === null) return { action: 'condition-ended', id: latest.id };
  return { action: 'none' };
}

const keyOf = (type: AlertType, connectorId: string, detail?: string): string => `${type}:${connectorId}${detail ? `:${detail}` : ''}`;

function expiryObservation(connectorId: string, detail: 'certificate' | 'credential', expiresAt: number | undefined, now: number, reached: boolean): Observation {
  const key = keyOf('auth_expired', connectorId, detail);
  const what = detail === 'certificate' ? "the partner's TLS certificate" : 'our client certificate';
  if (expiresAt === undefined) return reached ? { type: 'auth_expired', key, connectorId, holds: false, recovery: `${what} is no longer in use` } : { type: 'auth_expired', key, connectorId, holds: 'unknown' };
  if (expiresAt <= now) return { type: 'auth_expired', key, connectorId, holds: true, severity: 'critical', message: `${what} has expired` };
  if (expiresAt - now <= EXPIRY_WARNING_MS) return { type: 'auth_expired', key, connectorId, holds: true, severity: 'warning', message: `${what} expires in ${Math.floor((expiresAt - now) / 86_400_000)} days` };
  return { type: 'auth_expired', key, connectorId, holds: false, recovery: `${what} is valid for more than ${EXPIRY_WARNING_MS / 86_400_000} days` };
}

/** The conditions one health check of a connector speaks to. */
export function checkObservations(connectorId: string, findings: CheckFindings, verdict: CheckVerdict, thresholds: AlertThresholds, now: number): Observation[] {
  const reached = verdict.succeeded;
  const out: Observation[] = [];
  const failed = keyOf('connection_failed', connectorId);
  if (verdict.consecutiveFailures >= thresholds.consecutiveFailures) {
    out.push({ type: 'connection_failed', key: failed, connectorId, holds: true, severity: 'error', message: `${verdict.consecutiveFailures === 1 ? 'the check' : `${verdict.consecutiveFailures} checks in a row`} failed: ${findings.connectFailure?.message ?? 'unreachable'}` });
  } else {
    out.push(reached ? { type: 'connection_failed', key: failed, connectorId, holds: false, recovery: 'the connection works again' } : { type: 'connection_failed', key: failed, connectorId, holds: 'unknown' });
  }
  const slow = keyOf('slow_response', connectorId);
  if (!reached || findings.latencyMs === undefined) out.push({ type: 'slow_response', key: slow, connectorId, holds: 'unknown' });
  else if (findings.latencyMs > thresholds.slowResponseMs) out.push({ type: 'slow_response', key: slow, connectorId, holds: true, severity: 'warning', message: `the check took ${findings.latencyMs} ms (threshold ${thresholds.slowResponseMs} ms)` });
  else out.push({ type: 'slow_response', key: slow, connectorId, holds: false, recovery: `responses within ${thresholds.slowResponseMs} ms again` });

  const token = keyOf('auth_expired', connectorId, 'token');
  if (findings.authFailure) out.push({ type: 'auth_expired', key: token, connectorId, holds: true, severity: 'error', message: findings.authFailure.message });
  // A 429 says nothing about our credentials: only an answer that is neither refusal nor throttling clears it.
  else out.push(reached && !findings.quotaExceeded ? { type: 'auth_expired', key: token, connectorId, holds: false, recovery: 'the partner accepts our credentials again' } : { type: 'auth_expired', key: token, connectorId, holds: 'unknown' });
  out.push(expiryObservation(connectorId, 'certificate', findings.peerCertificateExpiresAt, now, reached));
  out.push(expiryObservation(connectorId, 'credential', findings.credentialExpiresAt, now, reached));

  const quota = keyOf('quota_exceeded', connectorId);
  if (findings.quotaExceeded) out.push({ type: 'quota_exceeded', key: quota, connectorId, holds: true, severity: 'warning', message: findings.quotaExceeded.message });
  else out.push(reached ? { type: 'quota_exceeded', key: quota, connectorId, holds: false, recovery: 'the partner no longer limits our requests' } : { type: 'quota_exceeded', key: quota, connectorId, holds: 'unknown' });

  const quiet = keyOf('feed_quiet', connectorId);
  const cadence = findings.cadence;
  if (cadence?.state === 'quiet') out.push({ type: 'feed_quiet', key: quiet, connectorId, holds: true, severity: 'warning', message: `no message for ${cadence.silentMinutes} minutes of expected traffic` });
  else if (cadence?.state === 'outside') out.push({ type: 'feed_quiet', key: quiet, connectorId, holds: 'unknown' });
  else out.push({ type: 'feed_quiet', key: quiet, connectorId, holds: false, recovery: cadence ? 'messages arrive again' : 'no cadence is expected any more' });
  return out;
}

/** The error rate of a connector over the window: inbound messages failed vs received, or outbound attempts failed vs answered. */
export function errorRateObservation(connectorId: string, counts: { total: number; failed: number }, thresholds: AlertThresholds): Observation {
  const key = keyOf('high_error_rate', connectorId);
  const rate = counts.total === 0 ? 0 : counts.failed / counts.total;
  if (counts.total < ERROR_RATE_MIN_SAMPLE || rate < thresholds.errorRateWarning) {
    return { type: 'high_error_rate', key, connectorId, holds: false, recovery: `${counts.failed} of ${counts.total} failed over the last ${ERROR_RATE_WINDOW_MS / 60_000} minutes` };
  }
  const severity = rate >= thresholds.errorRateCritical ? 'critical' : 'warning';
  return { type: 'high_error_rate', key, connectorId, holds: true, severity, message: `${counts.failed} of ${counts.total} (${Math.round(rate * 100)} %) failed over the last ${ERROR_RATE_WINDOW_MS / 60_000} minutes` };
}

/** A sync job's newest finished run: failed raises sync_failed, succeeded clears it. */
export function syncObservation(job: { id: string; name: string; connectorId: string | null }, lastRun: { status: 'succeeded' | 'failed'; errorCode: string | null }): Observation {
  const key = `sync_failed:${job.id}`;
  if (lastRun.status === 'succeeded') return { type: 'sync_failed', key, connectorId: job.connectorId, holds: false, recovery: `job "${job.name}" ran successfully` };
  return { type: 'sync_failed', key, connectorId: job.connectorId, holds: true, severity: 'error', message: `job "${job.name}" failed${lastRun.errorCode ? ` (${lastRun.errorCode})` : ''}` };
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The store's disk (one alert, no connector): a warning before intake refuses, critical while it does. */
export function diskObservation(level: 'ok' | 'low' | 'refusing', freeBytes: number | null, minFreeBytes: number): Observation {
  const base = { type: 'disk_space_low' as const, key: 'disk_space_low:store', connectorId: null };
  const free = freeBytes === null ? 'unknown' : megabytes(freeBytes);
  if (level === 'ok') return { ...base, holds: false, recovery: `${free} free on the store's disk` };
  if (level === 'refusing') return { ...base, holds: true, severity: 'critical', message: `intake refuses messages: ${free} free on the store's disk, under the floor of ${megabytes(minFreeBytes)}` };
  return { ...base, holds: true, severity: 'warning', message: `${free} free on the store's disk; intake refuses messages under ${megabytes(minFreeBytes)}` };
}
