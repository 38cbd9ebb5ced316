import { parseBatch } from './batch';
import { DEFAULT_DELIMITERS } from './delimiters';
import { Hl7ParseError, Hl7ParseErrorCode } from './errors';
import { encodeEscapes } from './escape';
import { formatHl7Timestamp } from './timestamp';

/** What the FHS / BHS envelope of a file written for a partner says. */
export interface BatchFileEnvelope {
  /** FHS-7 / BHS-7, written in UTC. */
  readonly createdAt: Date;
  /** FHS-11; also BHS-11 unless `batchControlId` is given. */
  readonly fileControlId: string;
  readonly batchControlId?: string;
  /** FHS-3..6 / BHS-3..6, as plain text (escaped here). */
  readonly sendingApplication?: string;
  readonly sendingFacility?: string;
  readonly receivingApplication?: string;
  readonly receivingFacility?: string;
}

/**
 * An HL7 batch file: FHS, BHS, the messages, BTS (BTS-1 = message count), FTS (FTS-1 = 1 batch),
 * segments ended by CR. The messages are copied as they are (each gets a final CR if it lacks one);
 * the envelope uses the standard delimiters `|^~\&`, each message keeps its own MSH-1/MSH-2.
 */
export function encodeBatchFile(messages: readonly string[], envelope: BatchFileEnvelope): string {
  messages.forEach((message, i) => {
    if (!message.startsWith('MSH')) throw new Hl7ParseError(Hl7ParseErrorCode.noMsh, `message ${i + 1} of the batch does not start with MSH`);
  });
  const text = (value: string | undefined): string => encodeEscapes(value ?? '', DEFAULT_DELIMITERS) ?? '';
  const header = (id: 'FHS' | 'BHS', controlId: string): string =>
    [
      `${id}|^~\\&`,
      text(envelope.sendingApplication),
      text(envelope.sendingFacility),
      text(envelope.receivingApplication),
      text(envelope.receivingFacility),
      formatHl7Timestamp(envelope.createdAt),
      '',
      '',
      '',
      text(controlId),
    ].join('|');
  const body = messages.map((m) => (m.endsWith('\r') || m.endsWith('\n') ? m : `${m}\r`)).join('');
  return `${header('FHS', envelope.fileControlId)}\r${header('BHS', envelope.batchControlId ?? envelope.fileControlId)}\r${body}BTS|${messages.length}\rFTS|1\r`;
}

export interface SplitHl7File {
  /** Each message's text exactly as it is in the file, terminators included. */
  readonly messages: string[];
  /** Tolerated envelope problems: a missing BTS or FTS. */
  readonly warnings: string[];
}

/**
 * The messages of an HL7 file: a batch file (FHS/BHS … BTS/FTS) or messages back to back, with CR, LF
 * or CRLF between segments. A missing BTS / FTS is tolerated (many senders leave them out); a BTS-1 /
 * FTS-1 count that disagrees with the file is not (the usual cause is a truncated file), nor is
 * anything that is not HL7: the Hl7ParseError names the line.
 */
export function splitHl7File(text: string): SplitHl7File {
  let batch;
  try {
    batch = parseBatch(text, { counts: 'warn' });
  } catch (error) {
    throw error instanceof Hl7ParseError ? atLine(error) : error;
  }
  const wrongCount = batch.warnings.find((w) => w.code === Hl7ParseErrorCode.batchCount);
  if (wrongCount !== undefined) throw atLine(new Hl7ParseError(wrongCount.code, wrongCount.message, wrongCount.position));
  if (batch.messages.length === 0) throw new Hl7ParseError(Hl7ParseErrorCode.empty, 'the file holds no message');
  return { messages: batch.messages.map((m) => m.toString()), warnings: batch.warnings.map((w) => `line ${w.position.line}: ${w.message}`) };
}

export interface SplitHl7FileBytes {
  /** Each message's bytes exactly as they are in the file, terminators included. */
  readonly messages: Buffer[];
  readonly warnings: string[];
}

/**
 * splitHl7File over a file's bytes, whatever its charset: the split runs on the bytes read as 8859/1
 * (one character per byte, and segment ends and ids are ASCII in every charset an MSH can be in), so
 * each message keeps its own bytes for the receiver to decode by its MSH-18. A UTF-8 byte-order mark
 * belongs to the file, not to a message, and is dropped.
 */
export function splitHl7FileBytes(bytes: Uint8Array): SplitHl7FileBytes {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const { messages, warnings } = splitHl7File(buffer.subarray(bom ? 3 : 0).toString('latin1'));
  return { messages: messages.map((m) => Buffer.from(m, 'latin1')), warnings };
}

/** The same error with its line in front of the message, for an operator reading an interface error. */
const atLine = (error: Hl7ParseError): Hl7ParseError =>
  error.position.line === undefined ? error : new Hl7ParseError(error.code, `line ${error.position.line}: ${error.message}`, error.position);
