import type { Period } from '@medplum/fhirtypes';
import { formatOffset, localOffsetMinutes } from '../../core/zone-clock';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, issue, ok } from '../transforms/result';
import type { V2Value } from './v2-value';
import { comp } from './v2-value';

/**
 * HL7 v2 DTM (and TS.1, DT) → FHIR date, dateTime and instant, keeping the sender's precision.
 *
 * FHIR requires a time zone once hours and minutes are given, and seconds with them (zero-filled when
 * the source has none). v2 says a time without an offset is in the sender's local zone, which the value
 * alone does not tell. A time sent with an offset keeps it. For one sent without: a rule's
 * `defaultOffset` (`default_offset`) is applied if given, else the offset the sender's `timeZone` (the
 * connector's setting, else the engine host's zone: core/zone-clock.ts, DST-aware) had at that local
 * date-time; either way a `MAP_ASSUMED_OFFSET` warning says so. With neither the value is kept at date
 * precision with a `MAP_NO_OFFSET` warning. An hour-only time (`YYYYMMDDHH`) is zero-filled to minutes.
 */

export const DTM_SHAPE = 'YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]';
const DTM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/;

export interface V2DateTime {
  readonly year: string;
  readonly month?: string;
  readonly day?: string;
  readonly hour?: string;
  readonly minute?: string;
  readonly second?: string;
  readonly fraction?: string;
  /** `+hh:mm` / `-hh:mm`, as FHIR writes it. */
  readonly offset?: string;
}

export interface DateTimeOptions {
  /** Applied to times sent without an offset, e.g. `+01:00`; wins over `timeZone` (see the file comment). */
  readonly defaultOffset?: string | undefined;
  /** The sender's IANA zone: a time sent without an offset takes the offset this zone had at that local time. */
  readonly timeZone?: string | undefined;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const badDate = (why: string) => fail<V2DateTime>('MAP_BAD_DATE', `not a date (expected ${DTM_SHAPE}): ${why}`);
const OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;

/** Parses and range-checks a v2 date/time; the parts keep the sender's precision. */
export function parseV2DateTime(text: string): MapResult<V2DateTime> {
  const m = DTM.exec(text.trim());
  if (m === null) return badDate('wrong shape');
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  if (Number(year) === 0) return badDate('year zero');
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return badDate('month out of range');
  if (day !== undefined && (Number(day) < 1 || Number(day) > daysIn(Number(year), Number(month)))) return badDate('day out of range');
  if (hour !== undefined && Number(hour) > 23) return badDate('hour out of range');
  if (minute !== undefined && Number(minute) > 59) return badDate('minute out of range');
  if (second !== undefined && Number(second) > 59) return badDate('second out of range');
  let offset: string | undefined;
  if (zone !== undefined) {
    offset = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    if (!OFFSET.test(offset)) return badDate('offset out of range');
  }
  return ok({ year: year!, month, day, hour, minute, second, fraction, offset });
}

const dateOf = (p: V2DateTime): string => [p.year, p.month, p.day].filter((part) => part !== undefined).join('-');

/** The local date-time of the parts (missing parts as their first), its fields read as if UTC. */
function localMs(p: V2DateTime): number {
  const at = new Date(0);
  at.setUTCFullYear(Number(p.year), Number(p.month ?? 1) - 1, Number(p.day ?? 1));
  at.setUTCHours(Number(p.hour ?? 0), Number(p.minute ?? 0), Number(p.second ?? 0));
  return at.getTime();
}

/** The offset for a time sent without one: the rule's default offset, else the sender's zone's at that local time, else none. */
export function assumedOffset(p: V2DateTime, options: DateTimeOptions): MapResult<string | undefined> {
  const offset = options.defaultOffset;
  if (offset !== undefined) return OFFSET.test(offset) ? ok(offset) : fail('MAP_BAD_OPTION', 'defaultOffset is not an offset (expected +hh:mm or -hh:mm, at most 14:00)');
  if (options.timeZone === undefined) return ok(undefined);
  try {
    return ok(formatOffset(localOffsetMinutes(localMs(p), options.timeZone)));
  } catch {
    return fail('MAP_BAD_OPTION', 'timeZone is not an IANA time zone (such as Europe/Berlin)');
  }
}

/** Parts → FHIR dateTime text (see the file comment for times without an offset). */
export function formatDateTime(p: V2DateTime, options: DateTimeOptions = {}): MapResult<string> {
  if (p.hour === undefined) return ok(dateOf(p));
  const fallback = p.offset === undefined ? assumedOffset(p, options) : ok(undefined);
  if (!fallback.ok) return fallback;
  const offset = p.offset ?? fallback.value;
  if (offset === undefined) {
    return ok(dateOf(p), [issue('MAP_NO_OFFSET', 'a time without a UTC offset was kept as its date only (give the connector the sender\'s time zone to keep the time)')]);
  }
  const time = `${p.hour}:${p.minute ?? '00'}:${p.second ?? '00'}${p.fraction ? `.${p.fraction}` : ''}`;
  const warnings = p.offset === undefined ? [issue('MAP_ASSUMED_OFFSET', 'a time without a UTC offset was read in the default offset or the sender\'s time zone')] : [];
  return ok(`${dateOf(p)}T${time}${offset}`, warnings);
}

/** DTM / TS.1 text → FHIR dateTime. */
export function dtmToDateTime(text: string, options: DateTimeOptions = {}): MapResult<string> {
  const parsed = parseV2DateTime(text);
  return parsed.ok ? formatDateTime(parsed.value, options) : parsed;
}

/** TS (DTM with the old degree-of-precision component) → FHIR dateTime from TS.1. */
export const tsToDateTime = (value: V2Value, options: DateTimeOptions = {}): MapResult<string> => dtmToDateTime(comp(value, 1), options);

/** DTM → FHIR instant: needs at least minutes and an offset (sent, or the default); seconds zero-filled. */
export function dtmToInstant(text: string, options: DateTimeOptions = {}): MapResult<string> {
  const parsed = parseV2DateTime(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.minute === undefined) return fail('MAP_IMPRECISE_INSTANT', `not an instant (expected at least YYYYMMDDHHMM, with +/-ZZZZ)`);
  const formatted = formatDateTime(parsed.value, options);
  if (formatted.ok && !formatted.value.includes('T')) return fail('MAP_IMPRECISE_INSTANT', 'not an instant: the time has no UTC offset and neither a default offset nor a time zone was given');
  return formatted;
}

/**
 * DTM → FHIR instant only when the sender gave the time to the second: its offset is the one sent,
 * else the rule's default offset or the sender's time zone. Anything less (a date, minutes only, no
 * offset and no zone) gives no value — no zero-filled seconds — so the field stays in the coverage
 * report as not mapped. A malformed value fails as any date does.
 */
export function dtmToExactInstant(text: string, options: DateTimeOptions = {}): MapResult<string | undefined> {
  const parsed = parseV2DateTime(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.second === undefined) return ok(undefined);
  const formatted = formatDateTime(parsed.value, options);
  return formatted.ok && !formatted.value.includes('T') ? ok(undefined) : formatted;
}

const TM = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?([+-]\d{4})?$/;

/**
 * TM (HH[MM[SS[.S[S[S[S]]]]]][+/-ZZZZ]) → FHIR time (hh:mm:ss[.s]), minutes and seconds zero-filled. FHIR
 * time has no zone: an offset sent is dropped, with a warning.
 */
export function tmToTime(text: string): MapResult<string> {
  const m = TM.exec(text.trim());
  if (!m) return fail('MAP_BAD_TIME', 'not an HL7 time (expected HH[MM[SS[.SSSS]]][+/-ZZZZ])');
  const [, hh, mm = '00', ss = '00', fraction, offset] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return fail('MAP_BAD_TIME', 'hour, minute or second out of range');
  const time = `${hh}:${mm}:${ss}${fraction ? `.${fraction}` : ''}`;
  return ok(time, offset ? [issue('MAP_OFFSET_DROPPED', `a FHIR time has no zone: the offset ${offset} was left out`)] : []);
}

/** DT (or a DTM used as a date) → FHIR date; a time part is dropped, the date being the sender's. */
export function dtToDate(text: string): MapResult<string> {
  const parsed = parseV2DateTime(text);
  return parsed.ok ? ok(dateOf(parsed.value)) : parsed;
}

/** DR → Period: DR.1 start, DR.2 end (each a TS in older versions, so only its first subcomponent counts). */
export function drToPeriod(value: V2Value, options: DateTimeOptions = {}): MapResult<Period> {
  const issues = new IssueList();
  const at = (n: number): string | undefined => {
    const text = comp(value, n);
    return text === '' ? undefined : issues.take(dtmToDateTime(text, options));
  };
  const period: Period = {};
  const start = at(1);
  const end = at(2);
  if (start !== undefined) period.start = start;
  if (end !== undefined) period.end = end;
  if (start === undefined && end === undefined && issues.items.length > 0) return { ok: false, issue: issues.items[0]! };
  return ok(period, issues.items);
}

/** Start and end from two separate components (XPN.12/13, XAD.13/14, XTN.13/14): a Period, or undefined when both are empty. */
export function periodOf(startText: string, endText: string, issues: IssueList, options: DateTimeOptions = {}): Period | undefined {
  const start = startText === '' ? undefined : issues.take(dtmToDateTime(startText, options));
  const end = endText === '' ? undefined : issues.take(dtmToDateTime(endText, options));
  if (start === undefined && end === undefined) return undefined;
  return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
}
