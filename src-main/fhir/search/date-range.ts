/** Open ends of a Period, and the bounds of what a JavaScript Date can hold. */
export const MIN_INSTANT = -8.64e15;
export const MAX_INSTANT = 8.64e15;

/** The instants (epoch ms, both ends inclusive) a FHIR date, dateTime or instant covers. */
export interface DateRange {
  start: number;
  end: number;
}

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/**
 * Reads a value at its precision: `1980-03` covers all of March 1980, `…T10:00:00+01:00` one second.
 * Values without a time zone are read as UTC. Returns undefined for anything that is not a valid date.
 */
export function dateRange(value: string): DateRange | undefined {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo) - 1;
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 0 || month > 11)) return undefined;
  if (month === undefined) return { start: utc(year, 0, 1), end: utc(year + 1, 0, 1) - 1 };
  if (day === undefined) return { start: utc(year, month, 1), end: utc(year, month + 1, 1) - 1 };
  if (day < 1 || new Date(utc(year, month, day)).getUTCDate() !== day) return undefined;
  if (h === undefined) return { start: utc(year, month, day), end: utc(year, month, day + 1) - 1 };
  const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const digits = fraction ?? '';
  const ms = digits === '' ? 0 : Number(digits.slice(0, 3).padEnd(3, '0'));
  const start = utc(year, month, day, hour, minute, second, ms) - offsetMinutes(zone) * 60_000;
  const width = s === undefined ? 60_000 : digits === '' ? 1000 : digits.length >= 3 ? 1 : 10 ** (3 - digits.length);
  return { start, end: start + width - 1 };
}
