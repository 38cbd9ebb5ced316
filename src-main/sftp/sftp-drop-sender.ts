import { AppError } from '../core/errors';
import { encodeNdjson, type NdjsonResource } from '../fhir/ndjson-file';
import { encodeBatchFile, Hl7ParseError, splitHl7File } from '../hl7';
import type { SftpTarget } from './sftp-endpoint';
import { openSftpSession, type SftpSession, type SftpTimeouts } from './sftp-session';

/** One outbound item for an SFTP destination. */
export interface SftpDropItem {
  /** The outbox item's id: names the file and is its FHS-11 control id. */
  readonly id: string;
  /** When the item was made (epoch ms): FHS-7 / BHS-7, so a replay writes the very same bytes. */
  readonly createdAt: number;
  /** `hl7`: one or more HL7 messages, dropped as a batch file; `fhir`: a resource or Bundle as JSON, dropped as NDJSON. */
  readonly contentType: 'hl7' | 'fhir';
  readonly payload: string;
}

export type SendResult = { outcome: 'delivered' } | { outcome: 'retry' | 'dead'; error: { code: string; message: string } };

export interface SftpDropSender {
  send(item: SftpDropItem, destination: SftpTarget): Promise<SendResult>;
  /** Closes the connections kept open between items. */
  close(): void;
}

/**
 * Codes after which the same item may succeed later unchanged: the server is down or slow, or refuses
 * our credentials or host key until an operator fixes one side (nothing is sent to a server whose key
 * does not match). The others need a change to the item or the partner's folder: dead-letter.
 */
const RETRYABLE: ReadonlySet<string> = new Set(['SFTP_UNREACHABLE', 'SFTP_TIMEOUT', 'SFTP_FAILED', 'SFTP_AUTH_FAILED', 'SFTP_HOST_KEY_MISMATCH']);

/** `<prefix>-<item id>.hl7` or `.ndjson`; an id character outside [A-Za-z0-9_-] becomes `_`. */
export const dropFileName = (prefix: string, item: Pick<SftpDropItem, 'id' | 'contentType'>): string =>
  `${prefix}-${item.id.replace(/[^A-Za-z0-9_-]/g, '_')}.${item.contentType === 'hl7' ? 'hl7' : 'ndjson'}`;

/** The file's bytes: an HL7 batch file around the item's messages, or NDJSON of its resources. */
export function dropFileContent(item: SftpDropItem): Buffer {
  if (item.contentType === 'hl7') {
    const { messages } = splitHl7File(item.payload);
    return Buffer.from(encodeBatchFile(messages, { createdAt: new Date(item.createdAt), fileControlId: item.id }), 'utf8');
  }
  let value: { resourceType?: unknown; entry?: { resource?: NdjsonResource }[] };
  try {
    value = JSON.parse(item.payload) as typeof value;
  } catch {
    throw new AppError('validation', 'SFTP_PAYLOAD_UNENCODABLE', `item ${item.id} is not JSON`, { itemId: item.id });
  }
  if (typeof value?.resourceType !== 'string') throw new AppError('validation', 'SFTP_PAYLOAD_UNENCODABLE', `item ${item.id} is not a FHIR resource`, { itemId: item.id });
  const resources = value.resourceType === 'Bundle' ? (value.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])) : [value as NdjsonResource];
  return Buffer.from(encodeNdjson(resources), 'utf8');
}

/**
 * Drops each item as one file into the destination's folder (SftpSession.putAtomically: a `.part`
 * upload, then a rename that never overwrites). A replay after a crash finds its own file already
 * there with the same bytes and counts as delivered. One connection per destination stays open
 * between items; when a kept connection has gone stale the item is tried once more on a fresh one.
 */
export function createSftpDropSender(timeouts: SftpTimeouts = {}): SftpDropSender {
  const open = new Map<string, { key: string; session: SftpSession }>();
  const forget = (connectorId: string): void => {
    open.get(connectorId)?.session.close();
    open.delete(connectorId);
  };

  const sessionFor = async (destination: SftpTarget): Promise<{ session: SftpSession; reused: boolean }> => {
    const key = JSON.stringify(destination.endpoint);
    const kept = open.get(destination.connectorId);
    if (kept?.key === key) return { session: kept.session, reused: true };
    forget(destination.connectorId);
    const session = await openSftpSession(destination.endpoint, timeouts);
    open.set(destination.connectorId, { key, session });
    return { session, reused: false };
  };

  const put = async (destination: SftpTarget, name: string, content: Buffer): Promise<void> => {
    for (;;) {
      const { session, reused } = await sessionFor(destination);
      try {
        await session.putAtomically(destination.settings.remoteDir, name, content);
        return;
      } catch (error) {
        const code = error instanceof AppError ? error.code : undefined;
        if (code === undefined || RETRYABLE.has(code)) forget(destination.connectorId);
        if (!(reused && code !== undefined && RETRYABLE.has(code))) throw error;
      }
    }
  };

  return {
    send: async (item, destination) => {
      try {
        const content = dropFileContent(item);
        await put(destination, dropFileName(destination.settings.filePrefix, item), content);
        return { outcome: 'delivered' };
      } catch (error) {
        if (error instanceof Hl7ParseError) return { outcome: 'dead', error: { code: error.code, message: error.message } };
        if (!(error instanceof AppError)) throw error;
        return { outcome: RETRYABLE.has(error.code) ? 'retry' : 'dead', error: { code: error.code, message: error.message } };
      }
    },
    close: () => [...open.keys()].forEach(forget),
  };
}
