import type { Bundle, Resource } from '@medplum/fhirtypes';
import { AppError } from '../core/errors';
import type { FhirMappingProfileContent } from '../mapping/fhir-to-hl7/fhir-profile';
import { runFhirProfile } from '../mapping/fhir-to-hl7/run-fhir-profile';

/** A stored FHIR → HL7 profile as it runs now (the mapping profile service's `named`: 404 unknown, 409 retired). */
export type NamedFhirProfile = (tenantId: string, profileId: string) => { content: FhirMappingProfileContent; version: number };

/**
 * HL7 v2 from a mapped Bundle by a FHIR → HL7 profile, as `convert.fhirToHl7` makes it: the profile
 * converts the Bundle's first resource of its type, and references resolve through the Bundle's other
 * resources (a report's Patient and Observations). Rule errors are kept out of the message as they are there.
 */
export function profilePayload(named: NamedFhirProfile) {
  return (tenantId: string, profileId: string, bundle: Bundle, controlId: string): string => {
    const profile = named(tenantId, profileId);
    const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])) as Resource[];
    const resource = resources.find((r) => r.resourceType === profile.content.resourceType);
    if (!resource) throw new AppError('unprocessable', 'OUTBOUND_PAYLOAD_FAILED', `The mapped Bundle holds no ${profile.content.resourceType} for profile ${profileId}`, { profileId });
    return runFhirProfile(profile.content, resource, { controlId, resources: bundle, version: profile.version }).message;
  };
}
