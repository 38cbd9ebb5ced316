import { describe, expect, it } from 'vitest';
import { ExpectedCadence } from '../../src-shared/monitoring-settings';
import { cadenceState, zonedInstant } from './cadence';

const weekdays = ExpectedCadence.parse({ everyMinutes: 30, from: '07:00', to: '19:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], timeZone: 'Europe/Berlin' });
const berlin = (iso: string): number => Date.parse(iso);
const minutes = (n: number): number => n * 60_000;

describe('feed cadence', () => {
  it('is fresh while the last message is younger than the cadence inside the window', () => {
    // Wednesday 2026-03-11 10:00 in Berlin is 09:00 UTC (CET).
    const now = berlin('2026-03-11T09:00:00Z');
    expect(cadenceState(weekdays, now, now - minutes(29))).toEqual({ state: 'fresh' });
  });

  it('is quiet once the feed has been silent for the whole cadence inside the window', () => {
    const now = berlin('2026-03-11T09:00:00Z');
    expect(cadenceState(weekdays, now, now - minutes(31))).toMatchObject({ state: 'quiet' });
  });

  it('expects nothing outside the hours, read in the cadence’s time zone', () => {
    // 18:30 UTC is 19:30 in Berlin: after the window, although 18:30 would be inside it in UTC.
    const now = berlin('2026-03-11T18:30:00Z');
    expect(cadenceState(weekdays, now, now - minutes(120))).toEqual({ state: 'outside' });
    expect(cadenceState({ ...weekdays, timeZone: 'UTC' }, now, now - minutes(120))).toMatchObject({ state: 'quiet' });
  });

  it('expects nothing on days the cadence does not name', () => {
    // Saturday 2026-03-14 noon in Berlin.
    expect(cadenceState(weekdays, berlin('2026-03-14T11:00:00Z'), berlin('2026-03-13T17:00:00Z'))).toEqual({ state: 'outside' });
  });

  it('counts only window time: a Friday evening message keeps Monday morning fresh for the first minutes', () => {
    const fridayLast = berlin('2026-03-13T17:50:00Z'); // Friday 18:50 Berlin: 10 window minutes left that day
    expect(cadenceState(weekdays, berlin('2026-03-16T06:15:00Z'), fridayLast)).toEqual({ state: 'fresh' }); // Monday 07:15: 25 min
    expect(cadenceState(weekdays, berlin('2026-03-16T06:21:00Z'), fridayLast)).toMatchObject({ state: 'quiet' }); // 07:21: 31 min
  });

  it('follows daylight saving time: the window moves with the wall clock', () => {
    // Summer (CEST, UTC+2): 07:00 Berlin is 05:00 UTC.
    const summerMorning = berlin('2026-07-08T05:10:00Z');
    expect(cadenceState(weekdays, summerMorning, summerMorning - minutes(600))).toEqual({ state: 'fresh' });
    expect(zonedInstant({ year: 2026, month: 7, day: 8 }, 7 * 60, 'Europe/Berlin')).toBe(berlin('2026-07-08T05:00:00Z'));
    expect(zonedInstant({ year: 2026, month: 1, day: 8 }, 7 * 60, 'Europe/Berlin')).toBe(berlin('2026-01-08T06:00:00Z'));
  });

  it('defaults to every day, all day, in UTC', () => {
    const always = ExpectedCadence.parse({ everyMinutes: 5 });
    const sunday = berlin('2026-03-15T03:00:00Z');
    expect(cadenceState(always, sunday, sunday - minutes(6))).toMatchObject({ state: 'quiet' });
    expect(cadenceState(always, sunday, sunday - minutes(4))).toEqual({ state: 'fresh' });
  });

  it('refuses a window that ends before it starts and a time zone that does not exist', () => {
    expect(ExpectedCadence.safeParse({ everyMinutes: 5, from: '19:00', to: '07:00' }).success).toBe(false);
    expect(ExpectedCadence.safeParse({ everyMinutes: 5, timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});
