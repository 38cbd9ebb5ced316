import type { AuditEvent } from '../../src-shared';

const HEADER = ['id', 'at', 'actorKind', 'actorId', 'remoteAddress', 'action', 'targetType', 'targetId', 'outcome', 'errorCode', 'details'] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events: readonly AuditEvent[]): string {
  const lines = [HEADER.join(','), ...events.map((e) => HEADER.map((key) => cell(e[key])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
