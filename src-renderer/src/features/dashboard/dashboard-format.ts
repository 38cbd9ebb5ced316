import type { AlertSeverity } from '@contract/alerts';
import type { ConnectorHealthState, SeverityCounts } from '@contract/monitoring';

export const healthColors: Record<ConnectorHealthState, string> = { healthy: 'green', degraded: 'yellow', unhealthy: 'red', unknown: 'gray' };
export const SEVERITIES_MOST_FIRST: readonly AlertSeverity[] = ['critical', 'error', 'warning', 'info'];

/** How long ago, in the largest whole unit: "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" without a time. */
export function ageOf(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** "2 critical, 1 warning", most severe first; "none" when nothing is open. */
export function alertCountsText(counts: SeverityCounts): string {
  const parts = SEVERITIES_MOST_FIRST.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

export const CHART_RANGES = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
export type ChartRange = keyof typeof CHART_RANGES;

/** A chart's input: its range ending now, from the start of the current minute so the query key holds still within a minute. */
export function rangeInput(range: ChartRange, now: number): { from: string } {
  const minute = Math.floor(now / 60_000) * 60_000;
  return { from: new Date(minute - CHART_RANGES[range]).toISOString() };
}
