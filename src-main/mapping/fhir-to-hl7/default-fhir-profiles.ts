import diagnosticReportOru from '../../../resources/fhir-mapping-profiles/diagnostic-report-oru-r01.json';
import immunizationVxu from '../../../resources/fhir-mapping-profiles/immunization-vxu-v04.json';
import patientAdt from '../../../resources/fhir-mapping-profiles/patient-adt-a08.json';
import serviceRequestOrder from '../../../resources/fhir-mapping-profiles/service-request-orm-o01.json';
import type { FhirMappingProfileContent } from './fhir-profile';

/** The FHIR → v2 profiles shipped in resources/fhir-mapping-profiles/: used for a resource type no stored profile covers. */
export const DEFAULT_FHIR_PROFILES: readonly FhirMappingProfileContent[] = [patientAdt, diagnosticReportOru, serviceRequestOrder, immunizationVxu] as FhirMappingProfileContent[];

/** The default profile for a resource type, if one covers it. */
export const defaultFhirProfileFor = (resourceType: string): FhirMappingProfileContent | undefined => DEFAULT_FHIR_PROFILES.find((p) => p.resourceType === resourceType);
