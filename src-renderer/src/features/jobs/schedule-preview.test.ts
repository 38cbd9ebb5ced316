import { describe, expect, it } from 'vitest';
import { previewSchedule, scheduleInWords } from './schedule-preview';

const from = new Date('2026-03-02T10:07:00Z');

describe('the cron field preview', () => {
  it('puts the schedule in words and lists its next three runs in the job\'s time zone', () => {
    expect(previewSchedule('*/15 * * * *', 'UTC', from)).toEqual({
      words: 'Every 15 minutes',
      next: [new Date('2026-03-02T10:15:00Z'), new Date('2026-03-02T10:30:00Z'), new Date('2026-03-02T10:45:00Z')],
    });
    const berlin = previewSchedule('0 2 * * *', 'Europe/Berlin', from);
    expect(berlin).toMatchObject({ words: 'At 02:00', next: [new Date('2026-03-03T01:00:00Z'), new Date('2026-03-04T01:00:00Z'), new Date('2026-03-05T01:00:00Z')] });
  });

  it('says why an expression cannot be read, and shows nothing for an empty field', () => {
    expect(previewSchedule('every day', 'UTC', from)).toHaveProperty('error');
    expect(previewSchedule('61 * * * *', 'UTC', from)).toHaveProperty('error');
    expect(previewSchedule('*/5 * * * *', 'Mars/Base', from)).toHaveProperty('error');
    expect(previewSchedule('  ', 'UTC', from)).toBeNull();
  });

  it('describes a job row\'s schedule in words, or says it runs only by hand', () => {
    expect(scheduleInWords('*/15 * * * *')).toBe('Every 15 minutes');
    expect(scheduleInWords(null)).toBe('Only when run by hand');
  });
});
