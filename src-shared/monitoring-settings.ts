import { z } from 'zod';
import { TimeZoneName } from './time-zone';

/** Days of the week as an expected cadence names them. */
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * "Expect a message at least every 30 minutes, 07:00–19:00 on weekdays": minutes outside the window do
 * not count, so a feed that is quiet at night or over the weekend raises nothing.
 */
export const ExpectedCadence = z
  .object({
    everyMinutes: z.number().int().min(1).max(10_080),
    from: z.string().regex(CLOCK_TIME, 'must be HH:MM').default('00:00'),
    to: z.string().regex(CLOCK_TIME, 'must be HH:MM (24:00 for midnight)').default('24:00'),
    days: z.array(Weekday).min(1).max(7).default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    timeZone: TimeZoneName.default('UTC'),
  })
  .refine((c) => c.from < c.to, { path: ['to'], message: 'must be after from' });
export type ExpectedCadence = z.infer<typeof ExpectedCadence>;

/** When a connector's conditions become alerts (the seed's defaults). */
export const AlertThresholds = z
  .object({
    /** connection_failed after this many failed checks in a row. */
    consecutiveFailures: z.number().int().min(1).max(100).default(3),
    /** high_error_rate: warning at this share of failures over the window… */
    errorRateWarning: z.number().min(0).max(1).default(0.1),
    /** …critical at this one. */
    errorRateCritical: z.number().min(0).max(1).default(0.25),
    /** slow_response when a check takes longer than this. */
    slowResponseMs: z.number().int().min(1).max(600_000).default(5000),
    /** A health check's availability below this makes the connector degraded… */
    uptimeWarning: z.number().min(0).max(1).default(0.95),
    /** …and below this unhealthy. */
    uptimeCritical: z.number().min(0).max(1).default(0.9),
  })
  .refine((t) => t.errorRateWarning <= t.errorRateCritical, { path: ['errorRateCritical'], message: 'must be at least errorRateWarning' })
  .refine((t) => t.uptimeCritical <= t.uptimeWarning, { path: ['uptimeCritical'], message: 'must be at most uptimeWarning' });
export type AlertThresholds = z.infer<typeof AlertThresholds>;

/** `settings.monitoring`, which every connector takes: how often it is checked, what cadence its feed keeps, and its alert thresholds. */
export const MonitoringSettings = z.object({
  healthCheckIntervalSeconds: z.number().int().min(5).max(86_400).default(60),
  /** Inbound connectors: the feed's expected cadence (feed_quiet alerts); none means no expectation. */
  expectedCadence: ExpectedCadence.nullable().default(null),
  alertThresholds: AlertThresholds.default({ consecutiveFailures: 3, errorRateWarning: 0.1, errorRateCritical: 0.25, slowResponseMs: 5000, uptimeWarning: 0.95, uptimeCritical: 0.9 }),
  /** Outbound MLLP: after connecting, send an ACK message and wait for any answer (off by default: the peer stores what it receives). */
  mllpRoundTrip: z.boolean().default(false),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettings>;

/** A connector's monitoring settings with their defaults, from its stored settings (absent: all defaults). */
export const monitoringSettingsOf = (settings: Record<string, unknown>): MonitoringSettings => {
  const parsed = MonitoringSettings.safeParse(settings.monitoring ?? {});
  return parsed.success ? parsed.data : MonitoringSettings.parse({});
};
