/** Whether an inbound feed keeps its expected cadence: pure, time zone aware, no IO. */
import type { ExpectedCadence, Weekday } from '../../src-shared/monitoring-settings';
import { wallClockMs } from '../core/zone-clock';

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 86_400_000;
/** How far back the walk over windows goes: a feed silent for longer is quiet whatever the cadence. */
const MAX_DAYS_BACK = 400;

/**
 * quiet: inside the window, and the window time since the last message is at least `everyMinutes`;
 * fresh: inside the window and within it; outside: now is not in a window (nothing is expected, so an
 * alert raised earlier is neither renewed nor cleared until a message arrives or the window opens).
 */
export type CadenceState = { state: 'quiet'; silentMinutes: number } | { state: 'fresh' } | { state: 'outside' };

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The instant a wall-clock time of a time zone happens (the later reading across a DST gap). */
export function zonedInstant(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000;
  const firstGuess = wall - (wallClockMs(wall, timeZone) - wall);
  return wall - (wallClockMs(firstGuess, timeZone) - firstGuess);
}

function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockMs(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

function daysBefore(date: LocalDate, days: number): LocalDate & { weekday: Weekday } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) - days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: WEEKDAYS[d.getUTCDay()] as Weekday };
}

const minuteOfDay = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The cadence's window on a local date, as instants, or null when the day is not one of its days. */
function windowOn(date: LocalDate & { weekday: Weekday }, cadence: ExpectedCadence): { start: number; end: number } | null {
  if (!cadence.days.includes(date.weekday)) return null;
  return { start: zonedInstant(date, minuteOfDay(cadence.from), cadence.timeZone), end: zonedInstant(date, minuteOfDay(cadence.to), cadence.timeZone) };
}

/**
 * Judges a feed against its cadence at `now`. `lastMessageAt` is the newest message received (or, with
 * none yet, when the expectation began — the connector's activation). Only time inside the cadence's
 * windows counts as silence, so a lab feed quiet from 19:00 to 07:00 has been silent for five minutes
 * at 07:05 if its last message came at 18:59 and 07:00 — not twelve hours.
 */
export function cadenceState(cadence: ExpectedCadence, now: number, lastMessageAt: number): CadenceState {
  const today = localDateOf(now, cadence.timeZone);
  const todayWindow = windowOn(daysBefore(today, 0), cadence);
  if (!todayWindow || now < todayWindow.start || now >= todayWindow.end) return { state: 'outside' };
  const needMs = cadence.everyMinutes * 60_000;
  let silentMs = 0;
  for (let back = 0; back <= MAX_DAYS_BACK && silentMs < needMs; back++) {
    const window = windowOn(daysBefore(today, back), cadence);
    if (!window) continue;
    if (window.end <= lastMessageAt) break;
    silentMs += Math.max(0, Math.min(window.end, now) - Math.max(window.start, lastMessageAt));
  }
  return silentMs >= needMs ? { state: 'quiet', silentMinutes: Math.floor(silentMs / 60_000) } : { state: 'fresh' };
}
