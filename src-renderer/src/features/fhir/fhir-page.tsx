import { PlannedPage } from '../../components/planned-page';

export function FhirPage() {
  return (
    <PlannedPage
      title="FHIR"
      summary="The local FHIR R4 store and the gateway in front of it."
      features={[
        'Resource browser: search Patients, Observations, DiagnosticReports, ServiceRequests, Encounters and more with their search parameters',
        'Resource detail as JSON, its version history, and the HL7 messages it came from',
        'Validation of a pasted resource against the base R4 definitions and declared profiles, with the OperationOutcome',
        'Bulk $export jobs: status, progress and the NDJSON files to download',
        'Routing rules that decide which resource types stay local and which go to an upstream FHIR server',
      ]}
    />
  );
}
