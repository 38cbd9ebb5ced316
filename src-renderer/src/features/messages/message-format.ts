const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time to the millisecond, fixed width so a column of them lines up. */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Whole milliseconds below a second, then seconds with one decimal. */
export function formatDuration(fromIso: string, toIso: string | null): string | null {
  if (!toIso) return null;
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (Number.isNaN(ms) || ms < 0) return null;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The readable part of an HD value (MSH-3 to MSH-6): its namespace id, or the universal id when that is
 * all there is. Stored header fields keep the sender's components, nearly always split by ^.
 */
export function hdName(value: string | null): string | null {
  if (!value) return null;
  const [namespace = '', universal = ''] = value.split('^');
  return namespace || universal || value;
}

/** `application · facility`, leaving out what the sender left empty. */
export function endpointLabel(application: string | null, facility: string | null): string {
  return [hdName(application), hdName(facility)].filter(Boolean).join(' · ') || '—';
}
