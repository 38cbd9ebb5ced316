/** How one health check of a connector is judged: pure, over findings gathered by the probes. */
import type { HealthCheckStatus } from '../../src-shared/connectors';
import type { AlertThresholds } from '../../src-shared/monitoring-settings';
import type { CadenceState } from './cadence';

/** A certificate or credential this close to its expiry makes the connector degraded (and an auth_expired warning). */
export const EXPIRY_WARNING_MS = 14 * 86_400_000;
/** Availability is judged only over at least this many checks (the first few after a start say little). */
export const AVAILABILITY_MIN_CHECKS = 10;

/** A failure a probe met: a stable code and words without patient data or secrets. */
export interface Finding {
  code: string;
  message: string;
}

/** What the probes found about one connector; a field is absent when that probe does not apply to it. */
export interface CheckFindings {
  /** Nothing to probe: an inbound connector of a kind the engine cannot observe, without a cadence. */
  nothingToCheck?: true;
  /** The connection (a listener bound, a TCP/TLS connect, an MLLP round trip, FHIR metadata) failed. */
  connectFailure?: Finding;
  /** How long the reachability probe took. */
  latencyMs?: number;
  /** The partner refused our credentials (token endpoint 4xx, 401/403 after a fresh token). */
  authFailure?: Finding;
  /** The partner told us to slow down (HTTP 429). */
  quotaExceeded?: Finding;
  /** The TLS certificate the partner presented: when it stops being valid. */
  peerCertificateExpiresAt?: number;
  /** Our own client certificate from the connector's auth config. */
  credentialExpiresAt?: number;
  /** Inbound listeners: connections open now. */
  openConnections?: number;
  /** Inbound connectors with an expected cadence: how the feed stands. */
  cadence?: CadenceState;
}

export interface CheckVerdict {
  status: HealthCheckStatus;
  /** Reachability for availability and connection_failed: the connect probe passed (or there was none to fail). */
  succeeded: boolean;
  consecutiveFailures: number;
  reasonCode: string | null;
  detail: string | null;
}

type Severity = 'degraded' | 'unhealthy';

const days = (ms: number): number => Math.max(0, Math.floor(ms / 86_400_000));

/** Every finding that makes the check less than healthy, worst first. */
function problems(findings: CheckFindings, thresholds: AlertThresholds, now: number, availability: { ratio: number; checks: number } | null): { severity: Severity; code: string; message: string }[] {
  const out: { severity: Severity; code: string; message: string }[] = [];
  if (findings.connectFailure) out.push({ severity: 'unhealthy', ...findings.connectFailure });
  if (findings.authFailure) out.push({ severity: 'unhealthy', ...findings.authFailure });
  if (findings.quotaExceeded) out.push({ severity: 'degraded', ...findings.quotaExceeded });
  for (const [what, at] of [['peer certificate', findings.peerCertificateExpiresAt], ['client certificate', findings.credentialExpiresAt]] as const) {
    if (at === undefined) continue;
    if (at <= now) out.push({ severity: 'unhealthy', code: 'MONITOR_CERTIFICATE_EXPIRED', message: `the ${what} has expired` });
    else if (at - now <= EXPIRY_WARNING_MS) out.push({ severity: 'degraded', code: 'MONITOR_CERTIFICATE_EXPIRING', message: `the ${what} expires in ${days(at - now)} days` });
  }
  if (!findings.connectFailure && findings.latencyMs !== undefined && findings.latencyMs > thresholds.slowResponseMs) {
    out.push({ severity: 'degraded', code: 'MONITOR_SLOW_RESPONSE', message: `the check took ${findings.latencyMs} ms (threshold ${thresholds.slowResponseMs} ms)` });
  }
  if (findings.cadence?.state === 'quiet') out.push({ severity: 'degraded', code: 'MONITOR_FEED_QUIET', message: `no message for ${findings.cadence.silentMinutes} minutes of expected traffic` });
  if (availability && availability.checks >= AVAILABILITY_MIN_CHECKS && availability.ratio < thresholds.uptimeWarning) {
    const severity = availability.ratio < thresholds.uptimeCritical ? 'unhealthy' : 'degraded';
    out.push({ severity, code: 'MONITOR_LOW_AVAILABILITY', message: `${(availability.ratio * 100).toFixed(1)} % of checks passed over the last day` });
  }
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'unhealthy' ? -1 : 1));
}

/**
 * Judges a check. `previousFailures` is the failed checks in a row before this one; `availability` the
 * share of passed checks over the window including this one (null: no history yet).
 */
export function judgeCheck(findings: CheckFindings, thresholds: AlertThresholds, now: number, previousFailures: number, availability: { ratio: number; checks: number } | null): CheckVerdict {
  const succeeded = findings.connectFailure === undefined;
  const consecutiveFailures = succeeded ? 0 : previousFailures + 1;
  if (findings.nothingToCheck) return { status: 'unknown', succeeded, consecutiveFailures, reasonCode: null, detail: 'nothing the engine can check for this kind of connector' };
  const found = problems(findings, thresholds, now, availability);
  const worst = found[0];
  if (!worst) return { status: 'healthy', succeeded, consecutiveFailures, reasonCode: null, detail: null };
  return { status: worst.severity, succeeded, consecutiveFailures, reasonCode: worst.code, detail: found.map((p) => p.message).join('; ') };
}
