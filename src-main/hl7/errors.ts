/** Why a text is not an HL7 v2 message (or batch). Stable codes: callers branch on these, never on text. */
export const Hl7ParseErrorCode = {
  empty: 'HL7_EMPTY',
  noMsh: 'HL7_NO_MSH',
  badEncodingChars: 'HL7_BAD_ENCODING_CHARS',
  mshTooShort: 'HL7_MSH_TOO_SHORT',
  badSegment: 'HL7_BAD_SEGMENT',
  binary: 'HL7_BINARY',
  multipleMessages: 'HL7_MULTIPLE_MESSAGES',
  badBatch: 'HL7_BAD_BATCH',
  batchCount: 'HL7_BATCH_COUNT',
} as const;
export type Hl7ParseErrorCode = (typeof Hl7ParseErrorCode)[keyof typeof Hl7ParseErrorCode];

/** Where the problem is: segmentIndex is 0-based, line is 1-based, offset is a UTF-16 index into the input. */
export interface Hl7Position {
  readonly segmentIndex?: number;
  readonly line?: number;
  readonly offset?: number;
}

export class Hl7ParseError extends Error {
  override readonly name = 'Hl7ParseError';
  constructor(
    readonly code: Hl7ParseErrorCode,
    message: string,
    readonly position: Hl7Position = {},
  ) {
    super(message);
  }
}

/** Why a path read or edit was refused. */
export const Hl7PathErrorCode = {
  badPath: 'HL7_BAD_PATH',
  readOnly: 'HL7_READ_ONLY',
  noSegment: 'HL7_NO_SEGMENT',
  unencodable: 'HL7_UNENCODABLE',
} as const;
export type Hl7PathErrorCode = (typeof Hl7PathErrorCode)[keyof typeof Hl7PathErrorCode];

export class Hl7PathError extends Error {
  override readonly name = 'Hl7PathError';
  constructor(
    readonly code: Hl7PathErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export type Hl7Result<T> = { ok: true; value: T } | { ok: false; error: Hl7ParseError };

/** 1-based line of `offset`; \r\n counts as one line break. Only computed when reporting an error. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** Adds `base` to a position found inside a slice of a larger text (a message inside a batch). */
export function shiftError(error: Hl7ParseError, base: { segmentIndex: number; line: number; offset: number }): Hl7ParseError {
  const p = error.position;
  return new Hl7ParseError(error.code, error.message, {
    ...(p.segmentIndex === undefined ? {} : { segmentIndex: p.segmentIndex + base.segmentIndex }),
    ...(p.line === undefined ? {} : { line: p.line + base.line - 1 }),
    ...(p.offset === undefined ? {} : { offset: p.offset + base.offset }),
  });
}
