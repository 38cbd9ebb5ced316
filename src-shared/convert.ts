import { z } from 'zod';
import { defineOperation } from './define-operation';
import { RuleError, UnmappedItem } from './messages';

/** One HL7 v2 message as text (segments end with CR, LF or CRLF). */
const message = z.string().min(1, 'must be an HL7 v2 message').max(10 * 1024 * 1024);

/**
 * Stateless conversions for other tools: nothing is stored. Over HTTP the message may also be the raw
 * request body (Content-Type text/plain or application/hl7-v2); a message that does not parse is 422
 * under the codec's code (`HL7_NO_MSH`, `HL7_BAD_SEGMENT`, …).
 */
export const convertOps = {
  hl7ToFhir: defineOperation({
    name: 'convert.hl7ToFhir',
    http: { method: 'POST', path: '/api/v1/convert/hl7-to-fhir', textBody: true },
    input: z.object({ message }),
    output: z.object({
      /** The FHIR transaction Bundle as processing would commit it. */
      bundle: z.record(z.string(), z.unknown()),
      unmapped: z.array(UnmappedItem),
      errors: z.array(RuleError),
      profile: z.object({ name: z.string(), version: z.number() }),
    }),
  }),
  hl7ToJson: defineOperation({
    name: 'convert.hl7ToJson',
    http: { method: 'POST', path: '/api/v1/convert/hl7-to-json', textBody: true },
    input: z.object({ message }),
    /** The codec's JSON view: segments, fields, repetitions and components with their names. */
    output: z.record(z.string(), z.unknown()),
  }),
} as const;
