import type { SftpDropSender } from '../sftp/sftp-drop-sender';
import { sftpTargetOf } from '../sftp/sftp-endpoint';
import type { OutboundSender } from './sender';

/** SFTP failures that mean the server could not be reached or did not answer: the destination shows as offline. */
const OFFLINE_CODES: ReadonlySet<string> = new Set(['SFTP_UNREACHABLE', 'SFTP_TIMEOUT']);

/**
 * The lanes' sender for SFTP destinations: each item becomes one file in the connector's folder (an HL7
 * batch file for HL7 payloads, NDJSON for a FHIR Bundle — sftp/sftp-drop-sender.ts), stamped with the
 * item's enqueue time so a replay writes the same bytes.
 */
export function sftpLaneSender(drop: SftpDropSender): OutboundSender {
  return {
    async send(item, destination) {
      const result = await drop.send(
        { id: item.itemId, createdAt: item.createdAt, contentType: item.payloadKind === 'fhir-bundle' ? 'fhir' : 'hl7', payload: item.payload.toString('utf8') },
        sftpTargetOf(destination, destination.auth),
      );
      if (result.outcome === 'delivered') return { outcome: 'delivered' };
      const kind = result.outcome === 'retry' ? 'unavailable' : 'unprocessable';
      return { outcome: result.outcome, offline: OFFLINE_CODES.has(result.error.code), failure: { kind, code: result.error.code, message: result.error.message } };
    },
    async close() {
      drop.close();
    },
  };
}
