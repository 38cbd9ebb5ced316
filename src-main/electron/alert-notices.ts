import type { Alert } from '../../src-shared';

export interface AlertNotice {
  alertId: string;
  title: string;
  body: string;
  /** The console route a click opens: the alerts of its connector. */
  route: string;
}

const TITLES: Record<Alert['severity'], string> = { info: 'Interop Console', warning: 'Interop Console warning', error: 'Interop Console error', critical: 'Interop Console: critical' };

/**
 * Pure: the desktop notices for alerts that are open now and were not open at the last look. The first
 * look (`seen` undefined) notices nothing: alerts open before the app started are on the dashboard.
 */
export function newAlertNotices(seen: ReadonlySet<string> | undefined, open: readonly Alert[]): { notices: AlertNotice[]; seen: Set<string> } {
  const now = new Set(open.map((alert) => alert.id));
  if (seen === undefined) return { notices: [], seen: now };
  const notices = open
    .filter((alert) => !seen.has(alert.id))
    .map((alert) => ({ alertId: alert.id, title: TITLES[alert.severity], body: alert.message, route: alert.connectorId ? `alerts?connector=${encodeURIComponent(alert.connectorId)}` : 'alerts' }));
  return { notices, seen: now };
}
