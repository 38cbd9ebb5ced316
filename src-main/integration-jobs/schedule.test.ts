import { describe, expect, it } from 'vitest';
import { dueAction, nextRunAfter, scheduleProblems } from './schedule';

const at = (iso: string) => Date.parse(iso);

describe('job schedules', () => {
  it('reads a cron expression in the job\'s time zone: 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer', () => {
    expect(nextRunAfter('0 9 * * *', 'America/New_York', at('2026-01-10T12:00:00Z'))).toBe(at('2026-01-10T14:00:00Z'));
    expect(nextRunAfter('0 9 * * *', 'America/New_York', at('2026-07-10T12:00:00Z'))).toBe(at('2026-07-10T13:00:00Z'));
    expect(nextRunAfter('0 9 * * *', 'UTC', at('2026-07-10T12:00:00Z'))).toBe(at('2026-07-11T09:00:00Z'));
  });

  it('takes a seconds field as the sixth field from the left', () => {
    expect(nextRunAfter('*/10 * * * * *', 'UTC', at('2026-01-01T00:00:03Z'))).toBe(at('2026-01-01T00:00:10Z'));
  });

  it('names the schedule and the time zone when either cannot be used', () => {
    expect(scheduleProblems('*/15 * * * *', 'Europe/Berlin')).toEqual([]);
    expect(scheduleProblems('every fifteen minutes', 'UTC').map((p) => p.path)).toEqual(['schedule']);
    expect(scheduleProblems('61 * * * *', 'UTC').map((p) => p.path)).toEqual(['schedule']);
    expect(scheduleProblems('*/15 * * * *', 'Mars/Olympus_Mons').map((p) => p.path)).toEqual(['timeZone']);
    expect(scheduleProblems('nope', 'Nowhere/City').map((p) => p.path)).toEqual(['timeZone', 'schedule']);
  });

  describe('a due job', () => {
    const job = { nextRunAt: at('2026-01-01T10:00:00Z'), overlap: 'skip', catchUp: 'run-once' } as const;
    const onTime = at('2026-01-01T10:00:00.500Z');
    const hoursLate = at('2026-01-01T13:00:00Z');

    it('starts on time when no run of it is going', () => {
      expect(dueAction(job, onTime, false, 60_000)).toEqual({ start: 'schedule' });
    });

    it('is skipped while a run of it is going, or queued behind it when the job says queue', () => {
      expect(dueAction(job, onTime, true, 60_000)).toEqual({ skip: 'overlap' });
      expect(dueAction({ ...job, overlap: 'queue' }, onTime, true, 60_000)).toEqual({ queueBehind: true });
    });

    it('runs once to catch up when it was missed, or is skipped when the job says skip', () => {
      expect(dueAction(job, hoursLate, false, 60_000)).toEqual({ start: 'catch-up' });
      expect(dueAction({ ...job, catchUp: 'skip' }, hoursLate, false, 60_000)).toEqual({ skip: 'missed' });
    });
  });
});
