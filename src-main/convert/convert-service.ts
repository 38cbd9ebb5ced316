import { AppError } from '../core/errors';
import { parse, toJson, type Hl7JsonMessage } from '../hl7';
import type { Conversion } from '../mapping/conversion';
import { withHl7Errors } from '../messages/hl7-failure';
import type { Converter } from './converter';

/** A message the codec cannot parse is 422 under the codec's code (kind validation, see hl7-failure). */
const parsed = (text: string) => withHl7Errors(() => parse(text));

/** The stateless conversions (`/api/v1/convert/*`, IPC, the CLI's `fhir`): nothing is stored. */
export function createConvertService(convert: Converter) {
  return {
    /** The Bundle exactly as processing would commit it (its meta.source names no stored message). */
    hl7ToFhir(text: string): Conversion {
      const message = parsed(text);
      const conversion = convert(message, {});
      if (!conversion) {
        const messageType = message.header.messageType;
        throw new AppError('unprocessable', 'INTEROP_NO_MAPPING_PROFILE', `No mapping profile converts ${messageType || 'this message type'}`, { messageType });
      }
      return conversion;
    },

    hl7ToJson(text: string): Hl7JsonMessage {
      return toJson(parsed(text));
    },
  };
}
export type ConvertService = ReturnType<typeof createConvertService>;
