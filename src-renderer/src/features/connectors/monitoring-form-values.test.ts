import { describe, expect, it } from 'vitest';
import { monitoringFormValuesOf, monitoringSettingsFrom, monitoringToSend } from './monitoring-form-values';

describe('monitoring form values', () => {
  it('sends nothing while a connector without monitoring settings keeps the defaults', () => {
    expect(monitoringToSend(monitoringFormValuesOf(undefined))).toBeUndefined();
  });

  it('sends the thresholds as fractions once the operator changes one', () => {
    const values = { ...monitoringFormValuesOf(undefined), errorRateWarningPercent: 5, consecutiveFailures: 2 };
    expect(monitoringToSend(values)?.alertThresholds).toEqual({ consecutiveFailures: 2, errorRateWarning: 0.05, errorRateCritical: 0.25, slowResponseMs: 5000, uptimeWarning: 0.95, uptimeCritical: 0.9 });
  });

  it('round-trips a stored cadence and sends stored settings even when they are back at the defaults', () => {
    const stored = { healthCheckIntervalSeconds: 30, expectedCadence: { everyMinutes: 30, from: '07:00', to: '19:00', days: ['mon', 'fri'], timeZone: 'Europe/Berlin' }, alertThresholds: { consecutiveFailures: 3, errorRateWarning: 0.1, errorRateCritical: 0.25, slowResponseMs: 5000, uptimeWarning: 0.95, uptimeCritical: 0.9 }, mllpRoundTrip: false };
    expect(monitoringSettingsFrom(monitoringFormValuesOf(stored))).toEqual(stored);
    const reset = { ...monitoringFormValuesOf(stored), healthCheckIntervalSeconds: 60, cadenceEnabled: false };
    expect(monitoringToSend(reset)).toMatchObject({ healthCheckIntervalSeconds: 60, expectedCadence: null });
  });
});
