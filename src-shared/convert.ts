import { z } from 'zod';
import { defineOperation, idInput } from './define-operation';
import { FhirMappingProfileContent } from './fhir-mapping-profiles';
import { Hl7MappingProfileContent } from './mapping-profiles';
import { RuleError, UnmappedItem } from './messages';
import { TimeZoneName } from './time-zone';

/** One HL7 v2 message as text (segments end with CR, LF or CRLF). */
const message = z.string().min(1, 'must be an HL7 v2 message').max(10 * 1024 * 1024);

/**
 * Stateless conversions for other tools: nothing is stored. FHIR → HL7 v2 takes JSON only. Over HTTP the message may also be the raw
 * request body (Content-Type text/plain or application/hl7-v2); a message that does not parse is 422
 * under the codec's code (`HL7_NO_MSH`, `HL7_BAD_SEGMENT`, …).
 */
export const convertOps = {
  hl7ToFhir: defineOperation({
    name: 'convert.hl7ToFhir', audited: false,
    http: { method: 'POST', path: '/api/v1/convert/hl7-to-fhir', textBody: true },
    input: z
      .object({
        /** The message text; or `messageId`, a message of the log (its connector's profile assignment applies). */
        message: message.optional(),
        messageId: idInput('MSG').optional(),
        /** A draft profile, not saved: checked like a write (422 naming each rule's problem), then run. */
        profile: Hl7MappingProfileContent.optional(),
        /** A stored profile at its latest version, whatever its status, instead of the one processing would pick. */
        profileId: idInput('HMP').optional(),
        /** The sender's IANA time zone (`Europe/Berlin`) for times sent without a UTC offset; default: the connector's setting for a stored message, else the engine host's zone. */
        timeZone: TimeZoneName.optional(),
      })
      .superRefine((input, ctx) => {
        if ((input.message === undefined) === (input.messageId === undefined)) ctx.addIssue({ code: 'custom', path: ['message'], message: 'give either message or messageId' });
        if (input.profile !== undefined && input.profileId !== undefined) ctx.addIssue({ code: 'custom', path: ['profile'], message: 'give either profile or profileId, not both' });
      }),
    output: z.object({
      /** The FHIR transaction Bundle as processing would commit it. */
      bundle: z.record(z.string(), z.unknown()),
      unmapped: z.array(UnmappedItem),
      errors: z.array(RuleError),
      profile: z.object({ name: z.string(), version: z.number(), id: z.string().optional() }),
    }),
  }),
  fhirToHl7: defineOperation({
    name: 'convert.fhirToHl7', audited: false,
    http: { method: 'POST', path: '/api/v1/convert/fhir-to-hl7' },
    input: z.object({
      /** A Patient, ServiceRequest, DiagnosticReport or Immunization. */
      resource: z.record(z.string(), z.unknown()),
      /** What its references point at (the Patient, a report's Observations): a Bundle or a list. */
      resources: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]).optional(),
      /** One of the profile's message types (ADT^A04 instead of ADT^A08); its first by default. */
      messageType: z.string().regex(/^[A-Z0-9]{3}\^[A-Z0-9]{2,3}(\^[A-Z0-9_]{3,7})?$/, 'must be a message type such as ADT^A04').optional(),
      /** MSH-10; a new one by default. */
      controlId: z.string().min(1).max(199).optional(),
      /** A stored FHIR mapping profile (FMP_…) to run at its latest version; otherwise the active default for the resource type. */
      profileId: idInput('FMP').optional(),
      /** A draft profile, not saved: checked like a write (422 naming each rule's problem), then run. */
      profile: FhirMappingProfileContent.optional(),
    })
      .refine((input) => input.profile === undefined || input.profileId === undefined, { path: ['profile'], message: 'give either profile or profileId, not both' }),
    output: z.object({
      /** The HL7 v2 message (ER7, segments ended by CR). */
      message: z.string(),
      errors: z.array(RuleError),
      profile: z.object({ name: z.string(), version: z.number(), id: z.string().optional() }),
    }),
  }),
  hl7ToJson: defineOperation({
    name: 'convert.hl7ToJson', audited: false,
    http: { method: 'POST', path: '/api/v1/convert/hl7-to-json', textBody: true },
    input: z.object({
      message,
      /** `json` (default): the codec's JSON view; `segments`: the message viewer's SegmentsView (as hl7Messages.segments answers for a stored message), for inspecting a message that is not stored. */
      view: z.enum(['json', 'segments']).optional(),
    }),
    /** The codec's JSON view (segments, fields, repetitions and components with their names), or with `view: segments` the viewer's SegmentsView. */
    output: z.record(z.string(), z.unknown()),
  }),
} as const;
