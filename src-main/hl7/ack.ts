import type { AckCode, AckError, AckErrorLocation } from './ack-codes';
import { ackableHeader } from './ack-header';
import { HL7_ERROR_TEXT } from './ack-codes';
import type { Hl7Delimiters } from './delimiters';
import type { Hl7ParseError } from './errors';
import { encodeEscapes } from './escape';
import type { Hl7Header } from './header';
import { salvageHeader } from './header';
import { Hl7Message } from './message';
import { versionAtLeast } from './version';

/*
 * ACK building (HL7 v2 chapter 2.9). Original mode — MSH-15 and MSH-16 both empty — answers with an
 * application ACK (AA/AE/AR). Enhanced mode — either one valued — separates the accept ACK
 * (CA/CE/CR, sent after the message is safely stored) from the application ACK (AA/AE/AR, after
 * processing); MSH-15 / MSH-16 say which of them the sender wants: AL always, NE never, ER only on
 * error, SU only on success.
 */

export type AckMode = 'original' | 'enhanced';
export type AckOutcome = 'accept' | 'error' | 'reject';
export type AckLevel = 'accept' | 'application';

export interface AckOptions {
  readonly code: AckCode;
  /** MSH-10 of the ACK itself. */
  readonly controlId: string;
  /** MSH-7 of the ACK, an HL7 DTM (see formatHl7Timestamp). */
  readonly timestamp: string;
  /** MSA-3 text message. */
  readonly text?: string;
  readonly errors?: readonly AckError[];
}

/** MSH-15 / MSH-16 of a header whose fields are out of place are not read: such a sender gets an original-mode answer. */
export function ackMode(header: Hl7Header): AckMode {
  const h = ackableHeader(header);
  return h.acceptAckType === '' && h.applicationAckType === '' ? 'original' : 'enhanced';
}

/** The code to answer with; `level` matters only in enhanced mode (our listener sends accept ACKs). */
export function ackCodeFor(header: Hl7Header, outcome: AckOutcome, level: AckLevel = 'accept'): AckCode {
  const prefix = ackMode(header) === 'enhanced' && level === 'accept' ? 'C' : 'A';
  const suffix = outcome === 'accept' ? 'A' : outcome === 'error' ? 'E' : 'R';
  return `${prefix}${suffix}` as AckCode;
}

/** Whether the sender asked for this ACK (always true in original mode). */
export function ackRequested(header: Hl7Header, code: AckCode): boolean {
  if (ackMode(header) === 'original') return true;
  const h = ackableHeader(header);
  const condition = code.startsWith('C') ? h.acceptAckType : h.applicationAckType;
  const success = code.endsWith('A');
  switch (condition) {
    case 'NE':
      return false;
    case 'ER':
      return !success;
    case 'SU':
      return success;
    default:
      return true; // AL, and '' or unknown values: answering is the safe side
  }
}

/** Control characters other than the segment ends: HL7 text has none (the parser refuses them), so an ACK echoes none. */
// eslint-disable-next-line no-control-regex -- these are the characters it removes
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g;
/** Every ACK echoes several header fields: the usual one, with no control character, is returned as it is (no copy). */
const printable = (value: string): string => (value.search(CONTROL) === -1 ? value : value.replace(CONTROL, ''));

/** Writes `value` under `d`, dropping characters that cannot be escaped (no escape character declared) and control characters. */
function encoded(value: string, d: Hl7Delimiters): string {
  const separators = [d.field, d.component, d.repetition, d.subcomponent, d.truncation, '\r', '\n'];
  const text = printable(value);
  return encodeEscapes(text, d) ?? [...text].filter((c) => !separators.includes(c)).join('');
}

function trimJoin(values: readonly (string | number | undefined)[], sep: string): string {
  const parts = values.map((v) => (v === undefined ? '' : String(v)));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.join(sep);
}

function location(loc: AckErrorLocation | undefined): (string | number | undefined)[] {
  if (loc === undefined) return [];
  return [loc.segment, loc.sequence ?? 1, loc.field, loc.repetition, loc.component, loc.subcomponent];
}

/** ERR-2 (ERL) and ERR-3/4 from 2.5 on, one ERR per error; before 2.5 one ERR with repeating ERR-1 (ELD). */
function errSegments(errors: readonly AckError[], version: string, d: Hl7Delimiters): string[] {
  const f = d.field;
  const c = d.component;
  if (versionAtLeast(version, '2.5')) {
    return errors.map((e) => {
      const fields = [
        '',
        trimJoin(location(e.location), c),
        trimJoin([e.code, HL7_ERROR_TEXT[e.code], 'HL70357'], c),
        e.severity ?? 'E',
        '',
        '',
        e.diagnostic === undefined ? '' : encoded(e.diagnostic, d),
      ];
      return `ERR${f}${trimJoin(fields, f)}`;
    });
  }
  if (errors.length === 0) return [];
  const sub = d.subcomponent;
  const eld = errors.map((e) => {
    const code = sub === '' ? String(e.code) : trimJoin([e.code, HL7_ERROR_TEXT[e.code], 'HL70357'], sub);
    const [segment, sequence, field] = location(e.location);
    return trimJoin([segment, sequence, field, code], c);
  });
  return [`ERR${f}${eld.join(d.repetition || '~')}`];
}

/** MSH-9 of the ACK: `ACK` before 2.3, `ACK^<trigger>` in 2.3, `ACK^<trigger>^ACK` from 2.3.1 on; `ACK` alone when the trigger is unknown. */
function ackType(header: Hl7Header, d: Hl7Delimiters): string {
  const version = header.version;
  const trigger = encoded(header.triggerEvent, d);
  if (trigger === '' || (/^\d/.test(version) && !versionAtLeast(version, '2.3'))) return 'ACK';
  if (/^\d/.test(version) && !versionAtLeast(version, '2.3.1')) return `ACK${d.component}${trigger}`;
  return `ACK${d.component}${trigger}${d.component}ACK`;
}

/** MSH-12 of an ACK to a message that named no version. */
const DEFAULT_ACK_VERSION = '2.5.1';

/**
 * The ACK for `inbound`: sending and receiving application/facility swapped, same version, processing
 * id and character set, the inbound delimiters (the sender can read them), segments ended by CR.
 * Only header values in their right place are echoed (see ack-header.ts).
 */
export function buildAck(inbound: Hl7Message | Hl7Header, options: AckOptions): string {
  const read = ackableHeader(inbound instanceof Hl7Message ? inbound.header : inbound);
  // MSH-12 is required: an inbound message without one is answered in 2.5.1, so the ACK is itself a message.
  const header = read.version === '' ? { ...read, version: DEFAULT_ACK_VERSION } : read;
  const d = header.delimiters;
  const f = d.field;
  const msh = [
    `MSH${f}${d.encodingCharacters}`,
    printable(header.receivingApplication),
    printable(header.receivingFacility),
    printable(header.sendingApplication),
    printable(header.sendingFacility),
    encoded(options.timestamp, d),
    '',
    ackType(header, d),
    encoded(options.controlId, d),
    printable(header.processingId) === '' ? 'P' : printable(header.processingId),
    encoded(header.version, d),
    '',
    '',
    '',
    '',
    '',
    header.characterSet === '' ? '' : encoded(header.characterSet, d),
  ];
  const msa = `MSA${f}${trimJoin([options.code, encoded(header.controlId, d), options.text === undefined ? '' : encoded(options.text, d)], f)}`;
  const segments = [trimJoin(msh, f), msa, ...errSegments(options.errors ?? [], header.version, d)];
  return `${segments.join('\r')}\r`;
}

/** Table 0357 code and location for a message that failed to parse. */
export function ackErrorForParseError(error: Hl7ParseError, header?: Hl7Header): AckError {
  const diagnostic = `${error.code}: ${error.message}`;
  const msh = (field?: number): AckErrorLocation => ({ segment: 'MSH', sequence: 1, ...(field === undefined ? {} : { field }) });
  switch (error.code) {
    case 'HL7_BAD_ENCODING_CHARS':
      return { code: 102, location: msh(2), diagnostic };
    case 'HL7_MSH_TOO_SHORT': {
      const missing = header === undefined ? 12 : firstMissingField(header);
      return { code: 101, location: msh(missing), diagnostic };
    }
    case 'HL7_NO_MSH':
    case 'HL7_EMPTY':
      return { code: 100, location: msh(), diagnostic };
    case 'HL7_MULTIPLE_MESSAGES':
    case 'HL7_BAD_SEGMENT':
      return { code: 100, location: { segment: '', sequence: (error.position.segmentIndex ?? 0) + 1 }, diagnostic };
    case 'HL7_BINARY':
      return { code: 102, diagnostic };
    case 'HL7_BAD_BATCH':
    case 'HL7_BATCH_COUNT':
      return { code: 100, diagnostic };
    default:
      return error.code satisfies never;
  }
}

function firstMissingField(header: Hl7Header): number {
  if (header.messageCode === '') return 9;
  if (header.controlId === '') return 10;
  if (header.processingId === '') return 11;
  return 12;
}

export interface RejectAckOptions {
  readonly controlId: string;
  readonly timestamp: string;
  /** Default AR, or CR when the salvaged header asks for enhanced mode. */
  readonly code?: AckCode;
  /** MSH-12 to answer with when none could be read (default 2.5.1). */
  readonly fallbackVersion?: string;
}

/** An ACK for text that could not be parsed, built from whatever header fields could be read. */
export function buildRejectAck(text: string, error: Hl7ParseError, options: RejectAckOptions): string {
  const salvaged = salvageHeader(text);
  const readable = ackableHeader(salvaged);
  const header = readable.version === '' ? { ...readable, version: options.fallbackVersion ?? DEFAULT_ACK_VERSION } : readable;
  return buildAck(header, {
    code: options.code ?? ackCodeFor(header, 'reject'),
    controlId: options.controlId,
    timestamp: options.timestamp,
    errors: [ackErrorForParseError(error, salvaged)],
  });
}
