import { dtmToInstant, type DateTimeOptions } from './date-time';
import { fail, ok, type MapResult } from '../transforms/result';

/**
 * Durations as senders give them beside a start time: a TQ duration (TQ.3: `M30`, `H1`, `S90`, `D2`,
 * `W1`) or a number with a unit (SCH-9 with SCH-10, TQ1-6 CQ, AIS-7 with AIS-8) in ISO+ or UCUM words
 * (`MIN`, `min`, `S`, `H`, `HR`). Months (`L`) and counts (`X`, `T`, `INDEF`) are no fixed length of time.
 */

const SECOND = 1000;
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  s: SECOND, sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND,
  min: 60 * SECOND, mins: 60 * SECOND, minute: 60 * SECOND, minutes: 60 * SECOND,
  h: 3600 * SECOND, hr: 3600 * SECOND, hrs: 3600 * SECOND, hour: 3600 * SECOND, hours: 3600 * SECOND,
  d: 86400 * SECOND, day: 86400 * SECOND, days: 86400 * SECOND,
  wk: 604800 * SECOND, week: 604800 * SECOND, weeks: 604800 * SECOND,
};
const TQ_LETTER: Readonly<Record<string, string>> = { S: 's', M: 'min', H: 'h', D: 'd', W: 'wk' };
const NUMBER = /^\d{1,9}(?:\.\d{1,6})?$/;

/** A duration in milliseconds: `M30` on its own, or `30` with `units` (else `defaultUnits`). */
export function durationMs(text: string, units: string | undefined, defaultUnits?: string): MapResult<number> {
  const trimmed = text.trim();
  const tq = /^([A-Za-z])(\d.*)$/.exec(trimmed);
  const amount = tq ? (tq[2] as string) : trimmed;
  const unit = tq ? TQ_LETTER[(tq[1] as string).toUpperCase()] : (units?.trim() || defaultUnits);
  if (!NUMBER.test(amount)) return fail('MAP_BAD_DURATION', 'not a duration (expected a number, or a TQ duration such as M30 or H1)');
  if (unit === undefined || unit === '') return fail('MAP_BAD_DURATION', 'a duration without its units is no length of time');
  const perUnit = MS_PER_UNIT[unit.toLowerCase()];
  if (perUnit === undefined) return fail('MAP_BAD_DURATION', 'the duration is not in seconds, minutes, hours, days or weeks');
  return ok(Math.round(Number(amount) * perUnit));
}

const INSTANT = /^(.+?)(Z|[+-]\d{2}:\d{2})$/;

/** A start DTM plus a duration → the end instant, written in the start's own offset. */
export function endAfter(startDtm: string, durationMsValue: number, options: DateTimeOptions): MapResult<string> {
  const start = dtmToInstant(startDtm, options);
  if (!start.ok) return start;
  const offset = INSTANT.exec(start.value)?.[2] ?? 'Z';
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(Date.parse(start.value) + durationMsValue + offsetMinutes * 60 * SECOND).toISOString();
  const fraction = start.value.includes('.') ? local.slice(19, 23) : '';
  return ok(`${local.slice(0, 19)}${fraction}${offset}`);
}
