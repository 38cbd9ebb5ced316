import type { Hl7Delimiters } from './delimiters';
import { readDelimiters } from './delimiters';
import type { Hl7Result } from './errors';
import { Hl7ParseError, lineAt } from './errors';
import { Hl7Message } from './message';
import { SegmentScanner, segmentIdAt, segmentIdProblem } from './scan';
import { Hl7Segment } from './segment';

const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);
/** MSH-12 (version id) is required in every version; an MSH that stops earlier is not a header. */
const MSH_MIN_SEPARATORS = 11;

/**
 * Parses one message. Segment boundaries and ids are checked now; fields are split when first read.
 * Throws only Hl7ParseError. A leading byte-order mark is accepted and kept for serialization.
 */
export function parse(text: string): Hl7Message {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('MSH', start)) throw explainMissingMsh(text, start);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw binaryError(text, nul);
  const d = readDelimiters(text, start);
  const segments: Hl7Segment[] = [];
  const scan = new SegmentScanner(text, start);
  while (scan.next()) {
    const { start: s, end: e } = scan;
    const index = segments.length;
    if (index === 0) checkMshLength(text, s, e, d);
    else checkSegment(text, s, e, d, index);
    segments.push(new Hl7Segment(segmentIdAt(text, s), text.slice(s, e), text.slice(e, scan.termEnd), d));
  }
  return new Hl7Message(start === 0 ? text : text.slice(start), start === 1, segments, d);
}

export function tryParse(text: string): Hl7Result<Hl7Message> {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    if (error instanceof Hl7ParseError) return { ok: false, error };
    throw error;
  }
}

function checkMshLength(text: string, start: number, end: number, d: Hl7Delimiters): void {
  let count = 0;
  for (let at = text.indexOf(d.field, start); at !== -1 && at < end && count < MSH_MIN_SEPARATORS; at = text.indexOf(d.field, at + 1)) {
    count++;
  }
  if (count < MSH_MIN_SEPARATORS) {
    throw new Hl7ParseError('HL7_MSH_TOO_SHORT', `MSH ends after MSH-${count + 1}; MSH-12 (version id) is required`, {
      segmentIndex: 0,
      line: lineAt(text, start),
      offset: start,
    });
  }
}

function checkSegment(text: string, start: number, end: number, d: Hl7Delimiters, index: number): void {
  const problem = segmentIdProblem(text, start, end, d.field);
  if (problem === undefined && !isReserved(text, start)) return;
  const at = { segmentIndex: index, line: lineAt(text, start), offset: start };
  if (problem === 'binary') throw binaryError(text, start);
  if (problem === 'bad') {
    throw new Hl7ParseError('HL7_BAD_SEGMENT', `segment ${index + 1} does not start with a segment id (${quoteId(text, start, end)})`, at);
  }
  const id = text.slice(start, start + 3);
  if (id === 'MSH') {
    throw new Hl7ParseError('HL7_MULTIPLE_MESSAGES', `a second MSH starts at segment ${index + 1}: one message was expected, not several (send each message on its own, or as a batch file)`, at);
  }
  if (ENVELOPE.has(id)) {
    throw new Hl7ParseError('HL7_BAD_SEGMENT', `batch envelope segment ${id} inside a message: one message was expected, not a batch (send each message on its own, or as a batch file)`, at);
  }
}

/** MSH or a batch envelope id, checked by character codes to keep the per-segment cost allocation-free. */
function isReserved(text: string, start: number): boolean {
  const c0 = text.charCodeAt(start);
  if (c0 === 77 /* M */) return text.startsWith('MSH', start);
  if (c0 === 70 /* F */) return text.startsWith('FHS', start) || text.startsWith('FTS', start);
  if (c0 === 66 /* B */) return text.startsWith('BHS', start) || text.startsWith('BTS', start);
  return false;
}

/** At most the first three characters: error messages may be logged, and PHI must not be. */
function quoteId(text: string, start: number, end: number): string {
  return JSON.stringify(text.slice(start, Math.min(end, start + 3)));
}

export function binaryError(text: string, offset: number): Hl7ParseError {
  const code = text.charCodeAt(offset);
  const hint = code === 0x0b || code === 0x1c ? ' (MLLP framing left in place?)' : '';
  return new Hl7ParseError('HL7_BINARY', `control character 0x${code.toString(16).padStart(2, '0')} where text was expected${hint}`, {
    line: lineAt(text, offset),
    offset,
  });
}

export function explainMissingMsh(text: string, start: number): Hl7ParseError {
  let first = start;
  while (first < text.length && /\s/.test(text[first]!)) first++;
  if (first >= text.length) return new Hl7ParseError('HL7_EMPTY', 'the message is empty', { offset: 0 });
  const code = text.charCodeAt(start);
  if (code < 32 && code !== 9 && code !== 10 && code !== 13) return binaryError(text, start);
  const at = { segmentIndex: 0, line: 1, offset: start };
  const id = text.slice(start, start + 3);
  if (id === 'FHS' || id === 'BHS') {
    return new Hl7ParseError('HL7_NO_MSH', `the text starts with ${id}: a batch file, not one message (send each message on its own, or as a batch file)`, at);
  }
  if (/(^|[\r\n])MSH/.test(text)) {
    return new Hl7ParseError('HL7_BAD_SEGMENT', `text before MSH (starts with ${quoteId(text, start, text.length)}); a message must start with MSH`, at);
  }
  return new Hl7ParseError('HL7_NO_MSH', `no MSH segment; the text starts with ${quoteId(text, start, text.length)}`, at);
}
