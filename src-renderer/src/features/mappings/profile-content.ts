import type { FhirMappingProfile, FhirMappingProfileContent, SegmentTemplate } from '@contract/fhir-mapping-profiles';
import type { Hl7MappingProfile, Hl7MappingProfileContent } from '@contract/mapping-profiles';

/** What a profile says, without what the engine keeps about it (id, version, status, who and when). */
export function contentOf(profile: Hl7MappingProfile): Hl7MappingProfileContent {
  return {
    name: profile.name,
    ...(profile.description ? { description: profile.description } : {}),
    messageTypes: profile.messageTypes,
    resources: profile.resources,
    rules: profile.rules,
  };
}

/** A FHIR → v2 profile's content, without what the engine keeps about it. */
export function fhirContentOf(profile: FhirMappingProfile): FhirMappingProfileContent {
  return {
    name: profile.name,
    ...(profile.description ? { description: profile.description } : {}),
    resourceType: profile.resourceType,
    messageTypes: profile.messageTypes,
    segments: profile.segments,
    rules: profile.rules,
  };
}

/** Every segment template of a FHIR → v2 profile, nested ones (a group's children) after their parent: what a rule can fill. */
export const segmentTemplatesOf = (segments: readonly SegmentTemplate[]): SegmentTemplate[] => segments.flatMap((s) => [s, ...segmentTemplatesOf(s.children ?? [])]);

/** A name for a copy of a profile that none of `taken` has: `… (copy)`, `… (copy 2)`, … */
export function copyName(name: string, taken: readonly string[]): string {
  const names = new Set(taken);
  const first = `${name} (copy)`;
  if (!names.has(first)) return first;
  let n = 2;
  while (names.has(`${name} (copy ${n})`)) n += 1;
  return `${name} (copy ${n})`;
}
