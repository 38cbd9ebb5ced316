import type { Hl7Delimiters } from './delimiters';
import { readDelimiters } from './delimiters';
import type { Hl7Position } from './errors';
import { Hl7ParseError, lineAt, shiftError } from './errors';
import type { Hl7Message } from './message';
import { binaryError, explainMissingMsh, parse } from './parse';
import { SegmentScanner, segmentIdProblem } from './scan';
import { Hl7Segment } from './segment';

export interface Hl7BatchWarning {
  readonly code: 'HL7_BATCH_COUNT' | 'HL7_BAD_BATCH';
  readonly message: string;
  readonly position: Hl7Position;
}

export interface Hl7BatchOptions {
  /**
   * 'strict' (default): a BTS-1 / FTS-1 count that disagrees with what the file holds, or a missing
   * BTS / FTS, throws — the usual cause is a truncated file, and importing half of it silently is
   * worse than refusing it. 'warn': the messages are returned and the problems listed in `warnings`.
   */
  readonly counts?: 'strict' | 'warn';
}

export interface Hl7BatchGroup {
  readonly header: Hl7Segment | undefined;
  readonly trailer: Hl7Segment | undefined;
  readonly messages: Hl7Message[];
}

/** A batch file (FHS/BHS … BTS/FTS) or simply several messages back to back; serializes losslessly. */
export class Hl7Batch {
  constructor(
    readonly bom: boolean,
    private readonly parts: ReadonlyArray<Hl7Segment | Hl7Message>,
    readonly fileHeader: Hl7Segment | undefined,
    readonly fileTrailer: Hl7Segment | undefined,
    readonly batches: readonly Hl7BatchGroup[],
    readonly warnings: readonly Hl7BatchWarning[],
  ) {}

  get messages(): Hl7Message[] {
    return this.batches.flatMap((b) => b.messages);
  }

  toString(): string {
    let out = this.bom ? '\uFEFF' : '';
    for (const part of this.parts) out += part instanceof Hl7Segment ? part.toString() + part.terminator : part.toString();
    return out;
  }
}

const countOf = (segment: Hl7Segment): string => segment.get(1);

export function parseBatch(text: string, options: Hl7BatchOptions = {}): Hl7Batch {
  const strict = (options.counts ?? 'strict') === 'strict';
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = text.slice(start, start + 3);
  if (first !== 'FHS' && first !== 'BHS' && first !== 'MSH') throw explainMissingMsh(text, start);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw binaryError(text, nul);

  const parts: Array<Hl7Segment | Hl7Message> = [];
  const batches: Hl7BatchGroup[] = [];
  const warnings: Hl7BatchWarning[] = [];
  let fileHeader: Hl7Segment | undefined;
  let fileTrailer: Hl7Segment | undefined;
  let current: { header: Hl7Segment | undefined; trailer: Hl7Segment | undefined; messages: Hl7Message[] } | undefined;
  let d: Hl7Delimiters = readDelimiters(text, start);
  let message: { start: number; end: number; segmentIndex: number } | undefined;
  let index = 0;

  /** `always`: a structural problem that no option turns into a warning. */
  const problem = (code: Hl7BatchWarning['code'], reason: string, at: number, always: boolean): void => {
    const position = { segmentIndex: index, line: lineAt(text, at), offset: at };
    if (always || strict) throw new Hl7ParseError(code, reason, position);
    warnings.push({ code, message: reason, position });
  };
  const flush = (): void => {
    if (message === undefined) return;
    const slice = text.slice(message.start, message.end);
    let parsed: Hl7Message;
    try {
      parsed = parse(slice);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      throw shiftError(error, { segmentIndex: message.segmentIndex, line: lineAt(text, message.start), offset: message.start });
    }
    if (current === undefined) {
      current = { header: undefined, trailer: undefined, messages: [] };
      batches.push(current);
    }
    current.messages.push(parsed);
    parts.push(parsed);
    message = undefined;
  };
  const envelope = (s: number, e: number, termEnd: number, delimiters: Hl7Delimiters): Hl7Segment => {
    const segment = new Hl7Segment(text.slice(s, s + 3), text.slice(s, e), text.slice(e, termEnd), delimiters);
    parts.push(segment);
    return segment;
  };

  const scan = new SegmentScanner(text, start);
  while (scan.next()) {
    const { start: s, end: e, termEnd } = scan;
    const id = text.slice(s, s + 3);
    if (fileTrailer !== undefined) problem('HL7_BAD_BATCH', `${JSON.stringify(id)} after FTS`, s, true);
    if (id === 'MSH' || id === 'FHS' || id === 'BHS' || id === 'BTS' || id === 'FTS') flush();
    if (id === 'MSH') {
      message = { start: s, end: termEnd, segmentIndex: index };
    } else if (id === 'FHS') {
      if (index !== 0) problem('HL7_BAD_BATCH', 'FHS is not the first segment', s, true);
      d = readDelimiters(text, s);
      fileHeader = envelope(s, e, termEnd, d);
    } else if (id === 'BHS') {
      if (current?.header !== undefined && current.trailer === undefined) problem('HL7_BAD_BATCH', 'BHS before the previous batch ended with BTS', s, false);
      if (current !== undefined && current.header === undefined) problem('HL7_BAD_BATCH', 'messages before the first BHS', s, true);
      d = readDelimiters(text, s);
      current = { header: envelope(s, e, termEnd, d), trailer: undefined, messages: [] };
      batches.push(current);
    } else if (id === 'BTS') {
      if (current?.header === undefined || current.trailer !== undefined) problem('HL7_BAD_BATCH', 'BTS without BHS', s, true);
      const trailer = envelope(s, e, termEnd, d);
      current!.trailer = trailer;
      checkCount(countOf(trailer), current!.messages.length, 'BTS-1 batch message count', s);
    } else if (id === 'FTS') {
      if (fileHeader === undefined) problem('HL7_BAD_BATCH', 'FTS without FHS', s, true);
      fileTrailer = envelope(s, e, termEnd, d);
      checkCount(countOf(fileTrailer), batches.filter((b) => b.header !== undefined).length, 'FTS-1 file batch count', s);
    } else if (message !== undefined) {
      message.end = termEnd;
    } else {
      const kind = segmentIdProblem(text, s, e, d.field);
      const what = kind === undefined ? `${id} outside a message` : `segment ${index + 1} does not start with a segment id`;
      problem('HL7_BAD_BATCH', what, s, true);
    }
    index++;
  }
  flush();
  if (current?.header !== undefined && current.trailer === undefined) problem('HL7_BAD_BATCH', 'the last batch has no BTS (truncated file?)', text.length, false);
  if (fileHeader !== undefined && fileTrailer === undefined) problem('HL7_BAD_BATCH', 'FHS without FTS (truncated file?)', text.length, false);
  return new Hl7Batch(start === 1, parts, fileHeader, fileTrailer, batches, warnings);

  function checkCount(declared: string, actual: number, what: string, at: number): void {
    if (declared === '' || Number(declared) === actual) return;
    problem('HL7_BATCH_COUNT', `${what} says ${JSON.stringify(declared.slice(0, 12))}, the file holds ${actual}`, at, false);
  }
}
