import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { AppError } from '../core/errors';
import { fhirToHl7 } from '../mapping/fhir-to-hl7/convert-fhir';
import type { FhirConversion } from '../mapping/fhir-to-hl7/run-fhir-profile';
import { parse, toJson, type Hl7JsonMessage } from '../hl7';
import { checkProfile } from '../mapping/check-profile';
import type { Conversion } from '../mapping/conversion';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import { runProfile } from '../mapping/run-profile';
import { withHl7Errors } from '../messages/hl7-failure';
import type { ConvertContext, Converter } from './converter';
import { profileRefused } from './profile-refused';

/** A message the codec cannot parse is 422 under the codec's code (kind validation, see hl7-failure). */
const parsed = (text: string) => withHl7Errors(() => parse(text));

/** The stateless conversions (`/api/v1/convert/*`, IPC, the CLI's `fhir`): nothing is stored. */
export function createConvertService(convert: Converter) {
  return {
    /**
     * The Bundle exactly as processing would commit it (meta.source names the stored message the text
     * came from, if any). `profile` runs instead of the one processing would choose — a draft (version 0)
     * is checked first and refused with 422 naming each rule's problem.
     */
    hl7ToFhir(text: string, options: { context?: ConvertContext; profile?: { content: Hl7MappingProfileContent; version: number } } = {}): Conversion {
      const message = parsed(text);
      const context = options.context ?? {};
      const { profile } = options;
      if (profile) {
        const issues = checkProfile(profile.content);
        if (issues.length > 0) throw profileRefused(issues, profile.content);
        return runProfile(profile.content, message, { messageId: context.messageId, version: profile.version });
      }
      const conversion = convert(message, context);
      if (!conversion) {
        const messageType = message.header.messageType;
        throw new AppError('unprocessable', 'INTEROP_NO_MAPPING_PROFILE', `No mapping profile converts ${messageType || 'this message type'}`, { messageType });
      }
      return conversion;
    },

    /** One resource as the HL7 v2 message a legacy system takes; MSH-10 a new 20-character id unless given. */
    fhirToHl7(input: { resource: Record<string, unknown>; resources?: Record<string, unknown> | Record<string, unknown>[] | undefined; messageType?: string | undefined; controlId?: string | undefined }): FhirConversion {
      const resources = input.resources as Bundle | Resource[] | undefined;
      const conversion = fhirToHl7(input.resource, { controlId: input.controlId ?? randomUUID().replace(/-/g, '').slice(0, 20), resources, messageType: input.messageType });
      if (!conversion) {
        const resourceType = typeof input.resource.resourceType === 'string' ? input.resource.resourceType : 'this resource type';
        throw new AppError('unprocessable', 'INTEROP_NO_MAPPING_PROFILE', `No FHIR mapping profile converts ${resourceType.slice(0, 64)}`, { resourceType: resourceType.slice(0, 64) });
      }
      return conversion;
    },

    hl7ToJson(text: string): Hl7JsonMessage {
      return toJson(parsed(text));
    },
  };
}
export type ConvertService = ReturnType<typeof createConvertService>;
