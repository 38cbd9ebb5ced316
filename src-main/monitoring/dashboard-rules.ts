import type { AlertSeverity, ConnectorHealthState, MessageRates, SeverityCounts } from '../../src-shared';
import type { MetricRow } from './metric-rows';

/** What the engine knows of a connector's health, from the best source there is. */
export interface HealthFacts {
  status: string;
  /** The latest stored health check's status, if any. */
  check: { status: string; detail: string | null } | undefined;
  /** An active listener's runtime state; undefined for connectors that do not listen. */
  listener: { state: 'listening' | 'failed'; error: string | null } | undefined;
  /** An outbound connector's destination, unreachable since then. */
  offlineSince: number | undefined;
  /** An outbound connector's last accepted delivery, if there was one. */
  lastDeliveredAt: number | null;
}

const CHECK_STATES: Record<string, ConnectorHealthState> = { healthy: 'healthy', up: 'healthy', degraded: 'degraded', unhealthy: 'unhealthy', down: 'unhealthy', unknown: 'unknown' };

/**
 * A connector that is not active is not watched: unknown. An active one takes its latest health check;
 * without one, a failed listener or an unreachable destination is unhealthy, a listening listener or a
 * destination that took a delivery (and has not been unreachable since) is healthy.
 */
export function connectorHealth(f: HealthFacts): { health: ConnectorHealthState; reason: string | null } {
  if (f.status !== 'active') return { health: 'unknown', reason: `the connector is ${f.status}` };
  if (f.check) return { health: CHECK_STATES[f.check.status] ?? 'unknown', reason: f.check.detail };
  if (f.listener?.state === 'failed') return { health: 'unhealthy', reason: f.listener.error };
  if (f.offlineSince !== undefined) return { health: 'unhealthy', reason: 'the destination cannot be reached' };
  if (f.listener?.state === 'listening' || f.lastDeliveredAt !== null) return { health: 'healthy', reason: null };
  return { health: 'unknown', reason: null };
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, error: 1, warning: 2, info: 3 };
const rankOf = (severity: string): number => SEVERITY_RANK[severity as AlertSeverity] ?? 4;

/** Most severe first, then the newest. */
export const bySeverityThenNewest = (a: { severity: string; raisedAt: number }, b: { severity: string; raisedAt: number }): number => rankOf(a.severity) - rankOf(b.severity) || b.raisedAt - a.raisedAt;

export const zeroSeverities = (): SeverityCounts => ({ info: 0, warning: 0, error: 0, critical: 0 });

export function countSeverities(alerts: readonly { severity: string }[]): SeverityCounts {
  const counts = zeroSeverities();
  for (const a of alerts) if (a.severity in counts) counts[a.severity as AlertSeverity]++;
  return counts;
}

export function ratesOf(rows: readonly MetricRow[]): MessageRates {
  const rates: MessageRates = { received: 0, processed: 0, failed: 0, sent: 0 };
  for (const r of rows) {
    rates.received += r.accepted + r.rejected;
    rates.processed += r.processed;
    rates.failed += r.failed;
    rates.sent += r.sent;
  }
  return rates;
}
