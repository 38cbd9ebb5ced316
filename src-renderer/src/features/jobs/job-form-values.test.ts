import { describe, expect, it } from 'vitest';
import { parseConfig, placeJobErrors, toCreateJob } from './job-form-values';

describe('job form values', () => {
  it('sends a blank schedule as null (run only by hand) and the settings as an object', () => {
    const values = { name: ' Nightly ', kind: 'bulk-export', schedule: ' ', timeZone: 'UTC', overlap: 'skip', catchUp: 'run-once', config: '{"keepDays":7}', enabled: true } as const;
    const parsed = parseConfig(values.config);
    expect(parsed).toEqual({ ok: true, config: { keepDays: 7 } });
    expect(toCreateJob(values, { keepDays: 7 })).toMatchObject({ name: 'Nightly', schedule: null, config: { keepDays: 7 } });
  });

  it('refuses settings that are not a JSON object', () => {
    expect(parseConfig('[1]')).toMatchObject({ ok: false });
    expect(parseConfig('{keepDays: 7')).toEqual({ ok: false, error: 'Settings are not valid JSON' });
  });

  it('puts each 422 message on its field, a config path on Settings with the path named', () => {
    expect(placeJobErrors({ schedule: ['is not a cron expression'], 'config.keepDays': ['must be at least 1'], 'config.resourceTypes.0': ['must be a FHIR resource type'], other: ['x'] })).toEqual({
      errors: { schedule: 'is not a cron expression', config: 'keepDays: must be at least 1; resourceTypes.0: must be a FHIR resource type' },
      unplaced: ['other: x'],
    });
  });
});
