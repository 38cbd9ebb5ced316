import type { Logger } from './logger';

export interface RecentLog extends Logger {
  /** The newest lines, oldest first (`<ISO time> <LEVEL> <message> <fields as JSON>`). */
  lines(): string[];
}

/**
 * Passes every entry on to `logger` and keeps the last `keep` as lines, for the diagnostics export. Entries
 * hold ids, types and codes only (logger.ts: never names or payloads), so the lines may leave the machine.
 */
export function createRecentLog(logger: Logger, keep: number, now: () => Date = () => new Date()): RecentLog {
  const ring: string[] = [];
  return {
    log(level, message, fields) {
      logger.log(level, message, fields);
      ring.push(`${now().toISOString()} ${level.toUpperCase()} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
      if (ring.length > keep) ring.splice(0, ring.length - keep);
    },
    lines: () => [...ring],
  };
}
