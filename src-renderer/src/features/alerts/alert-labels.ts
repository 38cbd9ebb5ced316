import type { AlertSeverity, AlertType } from '@contract/alerts';

export const alertTypeLabels: Record<AlertType, string> = {
  connection_failed: 'Connection failed',
  sync_failed: 'Sync failed',
  high_error_rate: 'High error rate',
  slow_response: 'Slow response',
  auth_expired: 'Credentials expired',
  quota_exceeded: 'Quota exceeded',
  feed_quiet: 'Feed quiet',
  disk_space_low: 'Disk space low',
};

export const severityColors: Record<AlertSeverity, string> = {
  info: 'blue',
  warning: 'yellow',
  error: 'orange',
  critical: 'red',
};
