/**
 * Structured, PHI-free application log. Callers pass ids and types, never names or payloads;
 * the `fields` object is written as JSON after the message.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, string | number | boolean | undefined>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(minLevel: LogLevel, write: (line: string) => void): Logger {
  return {
    log(level, message, fields) {
      if (order[level] < order[minLevel]) return;
      const suffix = fields ? ` ${JSON.stringify(fields)}` : '';
      write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${suffix}`);
    },
  };
}

export const silentLogger: Logger = { log: () => undefined };
