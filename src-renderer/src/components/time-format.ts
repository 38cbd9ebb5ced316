const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time to the millisecond, fixed width so a column of them lines up. */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The zone local times are shown in, as an offset from UTC ("GMT+1", "GMT"). */
export function localZoneLabel(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-US', { timeZoneName: 'shortOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'local time';
}

/** Whole milliseconds below a second, then seconds with one decimal. */
export function formatDuration(fromIso: string, toIso: string | null): string | null {
  if (!toIso) return null;
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (Number.isNaN(ms) || ms < 0) return null;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
