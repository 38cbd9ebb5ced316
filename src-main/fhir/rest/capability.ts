import type { CapabilityStatement, ResourceType } from '@medplum/fhirtypes';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { PATIENT_COMPARTMENT } from '../search';
import { searchParamsOf } from './search-capability';

const INTERACTIONS = ['read', 'vread', 'create', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'search-type'] as const;

/** What this server really implements, generated rather than hand-written so it cannot drift. */
export function capabilityStatement(version: string): CapabilityStatement {
  const types = ensureFhirDefinitions();
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'Interop Console', version },
    implementation: { description: 'Interop Console local FHIR R4 gateway' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        interaction: [{ code: 'history-system' }, { code: 'batch' }, { code: 'transaction' }],
        compartment: [PATIENT_COMPARTMENT],
        operation: [
          { name: 'translate', definition: 'http://hl7.org/fhir/OperationDefinition/ConceptMap-translate' },
          { name: 'lookup', definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup' },
          { name: 'validate-code', definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code' },
          { name: 'expand', definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand' },
          { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
          { name: 'import', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/import' },
        ],
        resource: types.map((type) => ({
          type: type as ResourceType,
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalRead: 'full-support',
          conditionalUpdate: true,
          conditionalDelete: 'single',
          interaction: INTERACTIONS.map((code) => ({ code })),
          searchParam: searchParamsOf(type),
          operation: [{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }],
        })),
      },
    ],
  };
}

