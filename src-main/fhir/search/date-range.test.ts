import { describe, expect, it } from 'vitest';
import { dateRange } from './date-range';

const ms = (iso: string): number => Date.parse(iso);

describe('dateRange', () => {
  it('covers a whole year, month or day for partial dates', () => {
    expect(dateRange('1980')).toEqual({ start: ms('1980-01-01T00:00:00Z'), end: ms('1980-12-31T23:59:59.999Z') });
    expect(dateRange('1980-03')).toEqual({ start: ms('1980-03-01T00:00:00Z'), end: ms('1980-03-31T23:59:59.999Z') });
    expect(dateRange('1980-02')?.end).toBe(ms('1980-02-29T23:59:59.999Z'));
    expect(dateRange('1980-12')?.end).toBe(ms('1980-12-31T23:59:59.999Z'));
    expect(dateRange('1980-03-05')).toEqual({ start: ms('1980-03-05T00:00:00Z'), end: ms('1980-03-05T23:59:59.999Z') });
  });

  it('applies the time zone and covers the precision given', () => {
    expect(dateRange('2013-04-02T09:30:10+01:00')).toEqual({ start: ms('2013-04-02T08:30:10Z'), end: ms('2013-04-02T08:30:10.999Z') });
    expect(dateRange('2013-04-02T09:30-05:30')).toEqual({ start: ms('2013-04-02T15:00:00Z'), end: ms('2013-04-02T15:00:59.999Z') });
    expect(dateRange('2013-04-02T09:30:10.123Z')).toEqual({ start: ms('2013-04-02T09:30:10.123Z'), end: ms('2013-04-02T09:30:10.123Z') });
    expect(dateRange('2013-04-02T09:30:10.5Z')).toEqual({ start: ms('2013-04-02T09:30:10.500Z'), end: ms('2013-04-02T09:30:10.599Z') });
  });

  it('reads early years literally rather than as 19xx', () => {
    expect(new Date(dateRange('0050')?.start ?? 0).getUTCFullYear()).toBe(50);
  });

  it('rejects values that are not dates', () => {
    for (const bad of ['', 'yesterday', '2020-13', '2021-02-29', '2020-01-01T25:00:00Z', '20200101', '2020-1-1']) expect(dateRange(bad)).toBeUndefined();
  });
});
