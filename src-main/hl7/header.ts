import type { Hl7Delimiters } from './delimiters';
import { DEFAULT_DELIMITERS, readDelimiters } from './delimiters';
import { Hl7ParseError } from './errors';
import { decodeEscapes } from './escape';
import { piece } from './pieces';

/**
 * The MSH facts an engine routes, deduplicates and acknowledges by. Application and facility fields
 * (HD) and the message type are raw field text — components unsplit, escapes kept — so they can be
 * stored and copied into an ACK unchanged; the single-valued ones are decoded.
 */
export interface Hl7Header {
  readonly delimiters: Hl7Delimiters;
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  /** MSH-7 first component (TS in ≤ 2.5, DTM later). */
  readonly dateTime: string;
  /** MSH-9 raw, e.g. `ORU^R01^ORU_R01`. */
  readonly messageType: string;
  readonly messageCode: string;
  readonly triggerEvent: string;
  readonly messageStructure: string;
  readonly controlId: string;
  /** MSH-11 raw (`P`, `T`, `P^T`). */
  readonly processingId: string;
  /** MSH-12 first component. */
  readonly version: string;
  /** MSH-15 / MSH-16: AL, NE, ER, SU or '' (original acknowledgment mode when both are ''). */
  readonly acceptAckType: string;
  readonly applicationAckType: string;
  /** MSH-18 first repetition ('' = the sender's default). */
  readonly characterSet: string;
}

/** `field(n)` returns raw MSH-n text. */
export function buildHeader(field: (n: number) => string, d: Hl7Delimiters): Hl7Header {
  const decoded = (n: number, rep = false): string => {
    const raw = field(n);
    return raw === '' ? '' : decodeEscapes(piece(rep ? piece(raw, d.repetition, 1) : raw, d.component, 1), d);
  };
  const type = field(9);
  const component = (i: number): string => decodeEscapes(piece(type, d.component, i), d);
  return {
    delimiters: d,
    sendingApplication: field(3),
    sendingFacility: field(4),
    receivingApplication: field(5),
    receivingFacility: field(6),
    dateTime: decoded(7),
    messageType: type,
    messageCode: component(1),
    triggerEvent: component(2),
    messageStructure: component(3),
    controlId: decodeEscapes(field(10), d),
    processingId: field(11),
    version: decoded(12),
    acceptAckType: decoded(15),
    applicationAckType: decoded(16),
    characterSet: decoded(18, true),
  };
}

const HEADER_FIELDS = 18;

/**
 * Reads MSH-3 … MSH-18 from the start of `text` without looking at any other segment: the MLLP
 * listener's hot path. Throws the same Hl7ParseError as parse() for a missing or broken MSH.
 */
export function readHeader(text: string): Hl7Header {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.length <= start) throw new Hl7ParseError('HL7_EMPTY', 'the message is empty', { offset: 0 });
  if (!text.startsWith('MSH', start)) {
    throw new Hl7ParseError('HL7_NO_MSH', 'the message does not start with MSH', { segmentIndex: 0, line: 1, offset: start });
  }
  const d = readDelimiters(text, start);
  const fields: string[] = ['', d.field];
  let from = start + 4;
  let i = from;
  const sep = d.field.charCodeAt(0);
  for (; i < text.length && fields.length <= HEADER_FIELDS; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) break;
    if (c === sep) {
      fields.push(text.slice(from, i));
      from = i + 1;
    }
  }
  if (fields.length <= HEADER_FIELDS) fields.push(text.slice(from, i));
  if (fields.length < 13) {
    throw new Hl7ParseError('HL7_MSH_TOO_SHORT', `MSH ends after MSH-${fields.length - 1}; MSH-12 (version id) is required`, {
      segmentIndex: 0,
      line: 1,
      offset: start,
    });
  }
  return buildHeader((n) => fields[n] ?? '', d);
}

/**
 * Best effort for answering a message that could not be parsed: whatever header fields can be read,
 * never throws. Falls back to the default delimiters when MSH-2 is unusable, and to '' per field.
 */
export function salvageHeader(text: string): Hl7Header {
  const at = text.indexOf('MSH');
  if (at === -1 || at + 4 > text.length) return buildHeader(() => '', DEFAULT_DELIMITERS);
  let d: Hl7Delimiters;
  try {
    d = readDelimiters(text, at);
  } catch {
    return salvageWithBadDelimiters(text, at);
  }
  let end = at;
  while (end < text.length && text.charCodeAt(end) !== 13 && text.charCodeAt(end) !== 10) end++;
  const parts = text.slice(at, end).split(d.field);
  return buildHeader((n) => (n === 1 ? d.field : parts[n - 1] ?? ''), d);
}

/** MSH-1 may still split fields even when MSH-2 is nonsense; keep only text that needs no escaping. */
function salvageWithBadDelimiters(text: string, at: number): Hl7Header {
  const sep = text[at + 3] ?? '|';
  let end = at;
  while (end < text.length && text.charCodeAt(end) !== 13 && text.charCodeAt(end) !== 10) end++;
  const parts = text.slice(at, end).split(sep);
  const d = DEFAULT_DELIMITERS;
  const plain = (value: string): string => (/^[A-Za-z0-9 ._:+-]*$/.test(value) ? value : '');
  return buildHeader((n) => (n === 1 ? d.field : n === 2 ? d.encodingCharacters : plain(parts[n - 1] ?? '')), d);
}
