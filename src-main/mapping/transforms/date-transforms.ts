import type { DateTimeOptions } from '../datatypes/date-time';
import { assumedOffset, dtmToDateTime, parseV2DateTime } from '../datatypes/date-time';
import type { MapResult } from './result';
import { fail, ok } from './result';

/**
 * date_to_iso: a v2 DTM (or an ISO date/dateTime already) → FHIR dateTime, precision kept.
 * date_from_iso: a FHIR/ISO date or dateTime → v2 DTM, precision kept (`2024-05-01T10:30:00+02:00` →
 * `20240501103000+0200`: an offset sent is kept, none is invented). date_to_unix: either form → seconds
 * since the epoch; a time without an offset, and a date without a time (from its midnight), are read in
 * the default offset or the sender's time zone (see datatypes/date-time.ts).
 */

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const ISO_SHAPE = 'YYYY[-MM[-DD[Thh:mm[:ss[.s]][Z|+hh:mm]]]]';

/** ISO text → the v2 DTM it stands for, fraction cut to v2's four digits. */
export function isoToDtm(text: string): MapResult<string> {
  const m = ISO.exec(text.trim());
  if (m === null) return fail('MAP_BAD_DATE', `not an ISO date (expected ${ISO_SHAPE})`);
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  const offset = zone === undefined ? '' : zone === 'Z' ? '+0000' : zone.replace(':', '');
  const dtm = `${year}${month ?? ''}${day ?? ''}${hour ?? ''}${minute ?? ''}${second ?? ''}${fraction ? `.${fraction.slice(0, 4)}` : ''}${offset}`;
  const checked = parseV2DateTime(dtm);
  return checked.ok ? ok(dtm) : checked;
}

export const dateFromIso = isoToDtm;

export function dateToIso(text: string, options: DateTimeOptions = {}): MapResult<string> {
  const trimmed = text.trim();
  const dtm = trimmed.includes('-') && !/^\d{8,}/.test(trimmed) ? isoToDtm(trimmed) : ok(trimmed);
  return dtm.ok ? dtmToDateTime(dtm.value, options) : dtm;
}

export function dateToUnix(text: string, options: DateTimeOptions = {}): MapResult<number> {
  const iso = dateToIso(text, options);
  if (!iso.ok) return iso;
  let instant = iso.value;
  if (!instant.includes('T')) {
    const [year = '', month = '01', day = '01'] = instant.split('-');
    const offset = assumedOffset({ year, month, day, hour: '00', minute: '00', second: '00' }, options);
    if (!offset.ok) return offset;
    if (offset.value === undefined) return fail('MAP_NO_OFFSET', 'a date without a UTC offset is no point in time (give a default offset or a time zone)');
    instant = `${year}-${month}-${day}T00:00:00${offset.value}`;
  }
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? fail('MAP_BAD_DATE', `not a date (expected ${ISO_SHAPE})`) : ok(Math.floor(ms / 1000));
}
