import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { z } from 'zod';
import type { SegmentsView } from '../../src-shared';
import { AppError } from '../core/errors';
import { defaultFhirProfileFor } from '../mapping/fhir-to-hl7/default-fhir-profiles';
import type { FhirMappingProfileContent } from '../mapping/fhir-to-hl7/fhir-profile';
import { runFhirProfile, type FhirConversion } from '../mapping/fhir-to-hl7/run-fhir-profile';
import { parse, toJson, type Hl7JsonMessage } from '../hl7';
import { checkProfile, type ProfileIssue } from '../mapping/check-profile';
import { checkFhirProfile } from '../mapping/fhir-to-hl7/check-fhir-profile';
import { fhirElementCheck } from '../mapping-profiles/fhir-elements';
import type { Conversion } from '../mapping/conversion';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import { runProfile } from '../mapping/run-profile';
import { withHl7Errors } from '../messages/hl7-failure';
import { segmentsView } from '../messages/segments-view';
import type { ConvertContext, Converter } from './converter';
import { senderTimeZone, type TimeZoneOf } from './sender-time-zone';
import { profileRefused } from './profile-refused';

/** A message the codec cannot parse is 422 under the codec's code (kind validation, see hl7-failure). */
const parsed = (text: string) => withHl7Errors(() => parse(text));

/**
 * The FHIR → v2 profile to run for a resource type: the one named (`profileId`), else the active
 * default for the type; undefined when none covers it. Throws 404 / 409 for a named one that is unknown or retired.
 */
export type FhirProfileChooser = (tenantId: string, resourceType: string, profileId: string | undefined) => { id?: string; content: FhirMappingProfileContent; version: number } | undefined;

/** Without stored profiles (the CLI): the shipped defaults, unversioned. */
const shippedFhirProfile: FhirProfileChooser = (_tenantId, resourceType) => {
  const content = defaultFhirProfileFor(resourceType);
  return content ? { content, version: 0 } : undefined;
};

export interface FhirToHl7Input {
  resource: Record<string, unknown>;
  resources?: Record<string, unknown> | Record<string, unknown>[] | undefined;
  messageType?: string | undefined;
  controlId?: string | undefined;
  profileId?: string | undefined;
}

/** What a FHIR → v2 draft is checked against before it runs: the check of a write by an operator. */
export type FhirProfileCheck = (content: FhirMappingProfileContent) => ProfileIssue[];

/**
 * The stateless conversions (`/api/v1/convert/*`, IPC, the CLI's `fhir`): nothing is stored. A draft
 * profile reads times sent without an offset in the zone `timeZoneOf` chooses, as the converter does.
 */
export function createConvertService(convert: Converter, chooseFhirProfile: FhirProfileChooser = shippedFhirProfile, checkFhirDraft: FhirProfileCheck = (content) => checkFhirProfile(content, fhirElementCheck), timeZoneOf: TimeZoneOf = senderTimeZone) {
  return {
    /**
     * The Bundle exactly as processing would commit it (meta.source names the stored message the text
     * came from, if any). `profile` runs instead of the one processing would choose — a draft (version 0)
     * is checked first and refused with 422 naming each rule's problem.
     */
    hl7ToFhir(text: string, options: { context?: ConvertContext; profile?: { content: Hl7MappingProfileContent; version: number; id?: string } } = {}): Conversion {
      const message = parsed(text);
      const context = options.context ?? {};
      const { profile } = options;
      if (profile) {
        const issues = checkProfile(profile.content);
        if (issues.length > 0) throw profileRefused(issues, profile.content);
        const conversion = runProfile(profile.content, message, { messageId: context.messageId, version: profile.version, timeZone: timeZoneOf(context) });
        return profile.id ? { ...conversion, profile: { ...conversion.profile, id: profile.id } } : conversion;
      }
      const conversion = convert(message, context);
      if (!conversion) {
        const messageType = message.header.messageType;
        throw new AppError('unprocessable', 'INTEROP_NO_MAPPING_PROFILE', `No mapping profile converts ${messageType || 'this message type'}`, { messageType });
      }
      return conversion;
    },

    /**
     * One resource as the HL7 v2 message a legacy system takes, with a draft profile (`profile`, version
     * 0, checked first and refused with 422 naming each rule's problem), the named stored profile or the
     * default for its type; MSH-10 a new 20-character id unless given.
     */
    fhirToHl7(tenantId: string, input: FhirToHl7Input, draft?: FhirMappingProfileContent): FhirConversion {
      const resourceType = (typeof input.resource.resourceType === 'string' ? input.resource.resourceType : 'this resource type').slice(0, 64);
      if (draft) {
        const issues = checkFhirDraft(draft);
        if (issues.length > 0) throw profileRefused(issues, draft);
      }
      const chosen = draft ? { content: draft, version: 0 } : chooseFhirProfile(tenantId, resourceType, input.profileId);
      if (!chosen || chosen.content.resourceType !== resourceType) {
        const named = draft ? 'The draft profile' : input.profileId && `FHIR mapping profile ${input.profileId}`;
        const what = named ? `${named} converts ${chosen?.content.resourceType}, not ${resourceType}` : `No FHIR mapping profile converts ${resourceType}`;
        throw new AppError('unprocessable', 'INTEROP_NO_MAPPING_PROFILE', what, { resourceType, ...(input.profileId ? { profileId: input.profileId } : {}) });
      }
      const resources = input.resources as Bundle | Resource[] | undefined;
      const conversion = runFhirProfile(chosen.content, input.resource, { controlId: input.controlId ?? randomUUID().replace(/-/g, '').slice(0, 20), resources, messageType: input.messageType, version: chosen.version });
      return chosen.id ? { ...conversion, profile: { ...conversion.profile, id: chosen.id } } : conversion;
    },

    hl7ToJson(text: string): Hl7JsonMessage {
      return toJson(parsed(text));
    },

    /** The message viewer's tree of a message that is not stored (the console's inspector); an unparseable one says why in `parseError`. */
    hl7Segments(text: string): z.infer<typeof SegmentsView> {
      return segmentsView(text);
    },
  };
}
export type ConvertService = ReturnType<typeof createConvertService>;
