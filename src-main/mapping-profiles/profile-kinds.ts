import { notFound, type AppError } from '../core/errors';
import type { IdPrefix } from '../core/ids';
import { checkProfile, type ProfileIssue } from '../mapping/check-profile';
import { DEFAULT_PROFILES } from '../mapping/default-profiles';
import { checkFhirProfile } from '../mapping/fhir-to-hl7/check-fhir-profile';
import { DEFAULT_FHIR_PROFILES } from '../mapping/fhir-to-hl7/default-fhir-profiles';
import type { FhirMappingProfileContent } from '../mapping/fhir-to-hl7/fhir-profile';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import type { FhirMappingProfileRow, Hl7MappingProfileRow } from '../store/mapping-profiles-repo';
import { fhirElementCheck } from './fhir-elements';

/** What every profile's content has, whichever the direction. */
export interface ProfileContentBase {
  name: string;
  description?: string;
  messageTypes: string[];
  rules: { id: string }[];
}

/**
 * What differs between the two directions' profiles (each with its own table: store/mapping-profiles-repo.ts): their ids, checker, shipped defaults and
 * the columns their templates are kept in. Everything else (versions, rules, retiring, seeding) is the
 * one service's (mapping-profile-service.ts).
 */
export interface ProfileKind<Content extends ProfileContentBase, Row> {
  notFound(id: string): AppError;
  label: string;
  ids: { profile: IdPrefix; version: IdPrefix };
  /** The change-event topic (the renderer invalidates by it). */
  topic: string;
  defaults: readonly Content[];
  /** `operator`: checked as fully as the engine can (a shipped default is checked by its unit tests). */
  check(content: Content, by: 'operator' | 'system'): ProfileIssue[];
  contentOf(row: Row): Content;
  /** The direction's own columns of a version's row. */
  columnsOf(content: Content): Record<string, unknown>;
}

export const HL7_PROFILE_KIND: ProfileKind<Hl7MappingProfileContent, Hl7MappingProfileRow> = {
  notFound: (id) => notFound('mapping_profile', id),
  label: 'Mapping profile',
  ids: { profile: 'HMP', version: 'HMPV' },
  topic: 'hl7MappingProfiles',
  defaults: DEFAULT_PROFILES,
  check: (content) => checkProfile(content),
  contentOf: (row) => ({
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    messageTypes: row.messageTypes,
    resources: row.resources as Hl7MappingProfileContent['resources'],
    rules: row.rules as Hl7MappingProfileContent['rules'],
  }),
  columnsOf: (content) => ({ messageTypes: content.messageTypes, resources: content.resources, rules: content.rules }),
};

export const FHIR_PROFILE_KIND: ProfileKind<FhirMappingProfileContent, FhirMappingProfileRow> = {
  notFound: (id) => notFound('fhir_mapping_profile', id),
  label: 'FHIR mapping profile',
  ids: { profile: 'FMP', version: 'FMPV' },
  topic: 'fhirMappingProfiles',
  defaults: DEFAULT_FHIR_PROFILES,
  check: (content, by) => checkFhirProfile(content, by === 'operator' ? fhirElementCheck : undefined),
  contentOf: (row) => ({
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    resourceType: row.resourceType,
    messageTypes: row.messageTypes,
    segments: row.segments as FhirMappingProfileContent['segments'],
    rules: row.rules as FhirMappingProfileContent['rules'],
  }),
  columnsOf: (content) => ({ resourceType: content.resourceType, messageTypes: content.messageTypes, segments: content.segments, rules: content.rules }),
};
