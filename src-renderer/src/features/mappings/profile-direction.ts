/** The operation prefix of each direction's profiles: HL7 v2 → FHIR (HMP_…) and FHIR → HL7 v2 (FMP_…). */
export type ProfileDirection = 'hl7MappingProfiles' | 'fhirMappingProfiles';

export const directionOf = (profileId: string): ProfileDirection => (profileId.startsWith('FMP_') ? 'fhirMappingProfiles' : 'hl7MappingProfiles');
