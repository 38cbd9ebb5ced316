import {
  ackCodeFor,
  buildAck,
  buildRejectAck,
  checkHeader,
  decodeHl7,
  outcomeFor,
  salvageHeader,
  tryParse,
  type AckCode,
  type HeaderPolicy,
  type Hl7Header,
} from '../hl7';
import { extractSearchKeys, type SearchKeys } from './search-keys';

export interface ReadHeaderFields {
  sendingApplication: string | null;
  sendingFacility: string | null;
  receivingApplication: string | null;
  receivingFacility: string | null;
  messageType: string | null;
  messageControlId: string | null;
  versionId: string | null;
}

export interface PreparedAck {
  code: AckCode;
  payload: string;
}

/** What intake knows about one received frame before it is stored. */
export interface FrameAssessment {
  /** pending = accepted for processing; failed = rejected at intake (kept out of dedup, so a corrected resend is accepted). */
  status: 'pending' | 'failed';
  charset: string | null;
  header: ReadHeaderFields;
  /** Search keys of a rejected message (indexed at intake); accepted ones are indexed by processing. */
  keys: SearchKeys;
  error: { code: string; message: string } | null;
  /** The ACK to answer with once stored; for a failed message it already carries the ERR segment. */
  ack: PreparedAck;
  /** The parsed header, for ACKs built later (after processing, or when storing fails). */
  source: Hl7Header;
}

export interface AckStamp {
  controlId: string;
  timestamp: string;
}

const noKeys: SearchKeys = { patientId: null, patientName: null, orderNumbers: null, otherPatientIds: null };
const orNull = (value: string): string | null => (value === '' ? null : value);

function headerFields(h: Hl7Header): ReadHeaderFields {
  const type = [h.messageCode, h.triggerEvent].filter((p) => p !== '').join('^');
  return {
    sendingApplication: orNull(h.sendingApplication),
    sendingFacility: orNull(h.sendingFacility),
    receivingApplication: orNull(h.receivingApplication),
    receivingFacility: orNull(h.receivingFacility),
    messageType: orNull(type),
    messageControlId: orNull(h.controlId),
    versionId: orNull(h.version),
  };
}

/**
 * Pure: decode the bytes by MSH-18, parse, check the header against the connector's policy, pull the
 * search keys, and prepare the ACK. Never throws for any input; a message that cannot be accepted is
 * still described (status failed) so it can be stored and answered AE/AR.
 */
export function assessFrame(bytes: Uint8Array, policy: HeaderPolicy, stamp: AckStamp): FrameAssessment {
  const decoded = decodeHl7(bytes);
  const parsed = tryParse(decoded.text);
  if (!parsed.ok) {
    const salvaged = salvageHeader(decoded.text);
    const code = ackCodeFor(salvaged, 'reject');
    return {
      status: 'failed',
      charset: decoded.charset,
      header: headerFields(salvaged),
      keys: noKeys,
      error: { code: parsed.error.code, message: parsed.error.message },
      ack: { code, payload: buildRejectAck(decoded.text, parsed.error, { ...stamp, code }) },
      source: salvaged,
    };
  }
  const message = parsed.value;
  const header = message.header;
  const problems = checkHeader(header, policy);
  const outcome = outcomeFor(problems);
  const code = ackCodeFor(header, outcome);
  const payload = buildAck(header, { code, controlId: stamp.controlId, timestamp: stamp.timestamp, errors: problems });
  const fields = headerFields(header);
  if (problems.length === 0) {
    // Accepted messages get their search keys from processing, off the store-before-ACK path.
    return { status: 'pending', charset: decoded.charset, header: fields, keys: noKeys, error: null, ack: { code, payload }, source: header };
  }
  return {
    status: 'failed',
    charset: decoded.charset,
    header: fields,
    keys: extractSearchKeys(message),
    error: { code: 'HL7_HEADER_REJECTED', message: problems.map((p) => p.diagnostic ?? `HL7 error ${p.code}`).join('; ') },
    ack: { code, payload },
    source: header,
  };
}
