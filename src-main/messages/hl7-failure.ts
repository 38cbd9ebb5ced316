import { AppError } from '../core/errors';
import { Hl7ParseError, parseHl7Bytes, type Hl7Message } from '../hl7';

/** The one place the codec's parse error becomes the engine's currency: its code, message and position kept. */
export function parseStored(raw: Uint8Array): Hl7Message {
  try {
    return parseHl7Bytes(raw);
  } catch (error) {
    if (error instanceof Hl7ParseError) throw new AppError('validation', error.code, error.message, { position: error.position });
    throw error;
  }
}
