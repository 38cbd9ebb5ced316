/**
 * Wall clocks of IANA time zones through Intl: pure (no IO), with a cache of one formatter per zone.
 * Monitoring's cadence windows and the mapping's reading of HL7 times sent without an offset share it.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

let hostZone: string | undefined;
/** The zone of the engine's host, as Node reports it (TZ, else the system's setting); asked once, as every conversion without a zone of its own needs it. */
export const hostTimeZone = (): string => (hostZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);

/** The wall-clock time an instant shows in a time zone, as if that wall clock were UTC (years before 100 kept). */
export function wallClockMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall.getTime();
}

/** The UTC offset in force in a zone at an instant, in whole minutes (a local mean time's seconds rounded away). */
const offsetMinutesAt = (instant: number, timeZone: string): number => Math.round((wallClockMs(instant, timeZone) - instant) / 60_000);

/**
 * The UTC offset, in minutes, of a local date-time in a zone (`localMs`: its fields read as if UTC).
 * Around a DST change it resolves as Temporal's `compatible` disambiguation: a local time the clocks
 * skipped takes the offset in force before the change (02:30 on a spring-forward night in Berlin is
 * 02:30+01:00, the instant clocks showed as 03:30), and a local time that happened twice takes the
 * earlier occurrence, also the offset before the change (02:30 on the fall-back night is 02:30+02:00).
 */
export function localOffsetMinutes(localMs: number, timeZone: string): number {
  const before = offsetMinutesAt(localMs - DAY_MS, timeZone);
  const after = offsetMinutesAt(localMs + DAY_MS, timeZone);
  const holds = (offset: number) => offsetMinutesAt(localMs - offset * 60_000, timeZone) === offset;
  if (holds(before)) return before;
  return holds(after) ? after : before;
}

/** Minutes east of UTC as FHIR writes an offset: `+01:00`, `-05:00`. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
