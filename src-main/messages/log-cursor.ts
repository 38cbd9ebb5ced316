import { AppError } from '../core/errors';
import type { LogPosition } from '../store/hl7-messages-repo';

/** An opaque keyset cursor: the received time and rowid of the last row shown, base64url. */
export const encodeLogCursor = (p: LogPosition): string => Buffer.from(`${p.receivedAt}.${p.rowid}`).toString('base64url');

export function decodeLogCursor(cursor: string): LogPosition {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) throw new AppError('validation', 'INTEROP_INVALID_CURSOR', 'The cursor is not one this log gave out; start again from the first page', { cursor });
  return { receivedAt: Number(match[1]), rowid: Number(match[2]) };
}
