import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput } from './define-operation';

/**
 * The seed's alert types, plus two of ours: `feed_quiet`, an inbound feed silent past its expected cadence
 * (`settings.monitoring.expectedCadence`), and `disk_space_low`, the store's disk nearing the free-disk floor
 * (warning) or under it, intake refusing (critical).
 */
export const AlertType = z.enum(['connection_failed', 'sync_failed', 'high_error_rate', 'slow_response', 'auth_expired', 'quota_exceeded', 'feed_quiet', 'disk_space_low']);
export type AlertType = z.infer<typeof AlertType>;
export const AlertSeverity = z.enum(['info', 'warning', 'error', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;
/** open: the condition holds; acknowledged: it still holds and someone is on it; resolved: it cleared (auto) or an operator closed it (manual). */
export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const Alert = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: AlertType,
  severity: AlertSeverity,
  status: AlertStatus,
  /** The connector the alert is about; null for a sync job that names none. */
  connectorId: z.string().nullable(),
  /** One alert per key while its condition lasts: type + connector (+ what, e.g. the sync job). */
  dedupeKey: z.string(),
  message: z.string(),
  /** How many evaluations found the condition holding. */
  count: z.number(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(['auto', 'manual']).nullable(),
  /** The recovery notice of an automatic resolution. */
  recoveryMessage: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;

const byId = z.object({ id: idInput('ALRT') });

export const alertOps = {
  list: defineOperation({
    name: 'alerts.list',
    http: { method: 'GET', path: '/api/v1/alerts' },
    input: z.object({
      ...pageInput,
      status: AlertStatus.optional(),
      connectorId: idInput('CONN').optional(),
      severity: AlertSeverity.optional(),
      type: AlertType.optional(),
    }),
    output: Page(Alert),
  }),
  get: defineOperation({ name: 'alerts.get', http: { method: 'GET', path: '/api/v1/alerts/:id' }, input: byId, output: Alert }),
  acknowledge: defineOperation({ name: 'alerts.acknowledge', http: { method: 'POST', path: '/api/v1/alerts/:id/acknowledge' }, input: byId, output: Alert, invalidates: ['alerts'] }),
  resolve: defineOperation({ name: 'alerts.resolve', http: { method: 'POST', path: '/api/v1/alerts/:id/resolve' }, input: byId, output: Alert, invalidates: ['alerts'] }),
} as const;
