import { AppError, type ErrorKind } from '../core/errors';
import { Hl7ParseError, Hl7PathError, parseHl7Bytes, type Hl7Message, type Hl7PathErrorCode } from '../hl7';

/** How a caller answers a codec failure under its own code (the codec's code stays in `details.hl7Error`). */
export interface Hl7FailureAs {
  kind: ErrorKind;
  code: string;
  message: string;
}

/** A path the codec cannot read is bad input; an edit the message cannot take is well-formed but refused. */
const pathKinds: Record<Hl7PathErrorCode, ErrorKind> = {
  HL7_BAD_PATH: 'validation',
  HL7_READ_ONLY: 'unprocessable',
  HL7_NO_SEGMENT: 'unprocessable',
  HL7_UNENCODABLE: 'unprocessable',
};

/**
 * The one place the codec's errors become the engine's currency. A parse error keeps its code, message
 * and position (kind validation: the text is not HL7); a path error its code, message and path. The
 * codec's messages name positions, segment ids and paths, never field content. With `as`, the caller's
 * kind, code and message are answered and the codec's code moves to `details.hl7Error`. Anything that
 * is not a codec error is returned unchanged.
 */
export function fromHl7Error(error: unknown, as?: Hl7FailureAs): unknown {
  let own: { kind: ErrorKind; code: string; message: string; where: { position: Hl7ParseError['position'] } | { path: string } };
  if (error instanceof Hl7ParseError) own = { kind: 'validation', code: error.code, message: error.message, where: { position: error.position } };
  else if (error instanceof Hl7PathError) own = { kind: pathKinds[error.code], code: error.code, message: error.message, where: { path: error.path } };
  else return error;
  if (as) return new AppError(as.kind, as.code, as.message, { hl7Error: own.code, ...own.where }, { cause: error });
  return new AppError(own.kind, own.code, own.message, own.where, { cause: error });
}

/** Runs `work`; a codec error it throws leaves as an AppError (see fromHl7Error), anything else unchanged. */
export function withHl7Errors<T>(work: () => T, as?: Hl7FailureAs): T {
  try {
    return work();
  } catch (error) {
    throw fromHl7Error(error, as);
  }
}

/** A stored message, parsed for processing. */
export const parseStored = (raw: Uint8Array): Hl7Message => withHl7Errors(() => parseHl7Bytes(raw));
