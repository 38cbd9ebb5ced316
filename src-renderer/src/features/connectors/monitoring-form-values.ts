import { MonitoringSettings, type Weekday } from '@contract/monitoring-settings';

/** `settings.monitoring` as the form edits it: the cadence behind a switch, rates and uptimes in percent. */
export interface MonitoringFormValues {
  healthCheckIntervalSeconds: number;
  cadenceEnabled: boolean;
  everyMinutes: number;
  from: string;
  to: string;
  days: Weekday[];
  timeZone: string;
  consecutiveFailures: number;
  errorRateWarningPercent: number;
  errorRateCriticalPercent: number;
  slowResponseMs: number;
  uptimeWarningPercent: number;
  uptimeCriticalPercent: number;
  mllpRoundTrip: boolean;
  /** The connector stores monitoring settings: they are sent even when back at the defaults, so a reset is saved. */
  stored: boolean;
}

const percent = (fraction: number): number => Math.round(fraction * 10_000) / 100;
const fraction = (value: number): number => Math.round(value * 100) / 10_000;

/** The form's values from a connector's stored monitoring settings (undefined: the engine's defaults). */
export function monitoringFormValuesOf(stored: unknown): MonitoringFormValues {
  const parsed = MonitoringSettings.safeParse(stored ?? {});
  const s = parsed.success ? parsed.data : MonitoringSettings.parse({});
  const t = s.alertThresholds;
  return {
    healthCheckIntervalSeconds: s.healthCheckIntervalSeconds,
    cadenceEnabled: s.expectedCadence !== null,
    everyMinutes: s.expectedCadence?.everyMinutes ?? 30,
    from: s.expectedCadence?.from ?? '07:00',
    to: s.expectedCadence?.to ?? '19:00',
    days: s.expectedCadence?.days ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
    timeZone: s.expectedCadence?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    consecutiveFailures: t.consecutiveFailures,
    errorRateWarningPercent: percent(t.errorRateWarning),
    errorRateCriticalPercent: percent(t.errorRateCritical),
    slowResponseMs: t.slowResponseMs,
    uptimeWarningPercent: percent(t.uptimeWarning),
    uptimeCriticalPercent: percent(t.uptimeCritical),
    mllpRoundTrip: s.mllpRoundTrip,
    stored: stored !== undefined,
  };
}

/** What the engine takes as `settings.monitoring`. */
export function monitoringSettingsFrom(values: MonitoringFormValues): MonitoringSettings {
  return {
    healthCheckIntervalSeconds: values.healthCheckIntervalSeconds,
    expectedCadence: values.cadenceEnabled ? { everyMinutes: values.everyMinutes, from: values.from, to: values.to, days: values.days, timeZone: values.timeZone } : null,
    alertThresholds: {
      consecutiveFailures: values.consecutiveFailures,
      errorRateWarning: fraction(values.errorRateWarningPercent),
      errorRateCritical: fraction(values.errorRateCriticalPercent),
      slowResponseMs: values.slowResponseMs,
      uptimeWarning: fraction(values.uptimeWarningPercent),
      uptimeCritical: fraction(values.uptimeCriticalPercent),
    },
    mllpRoundTrip: values.mllpRoundTrip,
  };
}

/** Whether to send `settings.monitoring`: when the connector stores some, or the form differs from the defaults. */
export function monitoringToSend(values: MonitoringFormValues): MonitoringSettings | undefined {
  const settings = monitoringSettingsFrom(values);
  return values.stored || JSON.stringify(settings) !== JSON.stringify(MonitoringSettings.parse({})) ? settings : undefined;
}
