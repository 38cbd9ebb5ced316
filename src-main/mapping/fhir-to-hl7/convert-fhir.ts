import { defaultFhirProfileFor } from './default-fhir-profiles';
import { runFhirProfile, type FhirConversion, type FhirRunContext } from './run-fhir-profile';

/**
 * FHIR → HL7 v2 for one resource with the default profile for its type (Patient → ADT^A08 or A04,
 * ServiceRequest → ORM^O01 or OML^O21, DiagnosticReport → ORU^R01, Immunization → VXU^V04), or
 * undefined when no profile covers the type. Pure: nothing is stored or sent.
 */
export function fhirToHl7(resource: unknown, context: FhirRunContext): FhirConversion | undefined {
  const type = typeof resource === 'object' && resource !== null ? (resource as { resourceType?: unknown }).resourceType : undefined;
  const profile = typeof type === 'string' ? defaultFhirProfileFor(type) : undefined;
  return profile ? runFhirProfile(profile, resource, context) : undefined;
}
