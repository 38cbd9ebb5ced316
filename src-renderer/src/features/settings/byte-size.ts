const MB = 1024 * 1024;

/** Bytes as MB or GB for the Settings page. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${(bytes / MB).toFixed(1)} MB`;
}

export const megabytesOf = (bytes: number | null): number | '' => (bytes === null ? '' : Math.round(bytes / MB));
export const bytesOfMegabytes = (mb: number | string): number | null => (mb === '' || mb === null ? null : Math.round(Number(mb) * MB));
