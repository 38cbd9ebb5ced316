import { describe, expect, it } from 'vitest';
import { formatOffset, hostTimeZone, localOffsetMinutes } from './zone-clock';

const local = (iso: string) => Date.parse(`${iso}Z`);

describe('the UTC offset of a local date-time in an IANA zone', () => {
  it('follows daylight saving time: Berlin is +01:00 in winter and +02:00 in summer, Kolkata +05:30 all year', () => {
    expect(localOffsetMinutes(local('2010-11-04T16:40:00'), 'Europe/Berlin')).toBe(60);
    expect(localOffsetMinutes(local('2026-07-08T09:00:00'), 'Europe/Berlin')).toBe(120);
    expect(localOffsetMinutes(local('2026-07-08T09:00:00'), 'Asia/Kolkata')).toBe(330);
    expect(localOffsetMinutes(local('2026-01-08T09:00:00'), 'America/New_York')).toBe(-300);
  });

  it('reads a local time the clocks skipped in the offset before the change (02:30 on a spring-forward night)', () => {
    expect(localOffsetMinutes(local('2026-03-29T02:30:00'), 'Europe/Berlin')).toBe(60);
    expect(localOffsetMinutes(local('2026-03-08T02:30:00'), 'America/New_York')).toBe(-300);
    expect(localOffsetMinutes(local('2026-03-29T03:00:00'), 'Europe/Berlin')).toBe(120);
  });

  it('reads a local time that happened twice as its first occurrence (02:30 on a fall-back night)', () => {
    expect(localOffsetMinutes(local('2026-10-25T02:30:00'), 'Europe/Berlin')).toBe(120);
    expect(localOffsetMinutes(local('2026-11-01T01:30:00'), 'America/New_York')).toBe(-240);
    expect(localOffsetMinutes(local('2026-10-25T03:00:00'), 'Europe/Berlin')).toBe(60);
  });

  it('rounds a local mean time to whole minutes, and reads years before 100 as written', () => {
    expect(localOffsetMinutes(local('1850-01-01T12:00:00'), 'Europe/Berlin')).toBe(53);
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 5, 1);
    expect(localOffsetMinutes(year50.getTime(), 'UTC')).toBe(0);
  });

  it('writes offsets as FHIR does', () => {
    expect([formatOffset(60), formatOffset(-300), formatOffset(330), formatOffset(0), formatOffset(-570)]).toEqual(['+01:00', '-05:00', '+05:30', '+00:00', '-09:30']);
  });

  it('names the host zone Node reports', () => {
    expect(hostTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
