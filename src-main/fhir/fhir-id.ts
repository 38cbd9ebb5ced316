import { fhirFailure } from './outcome';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A logical id as FHIR R4 defines it (`[A-Za-z0-9\-\.]{1,64}`), and not `.` or `..`, which are path steps in a URL. */
export const isFhirId = (id: string): boolean => FHIR_ID.test(id) && id !== '.' && id !== '..';

/** 400 OperationOutcome for an id that is not a FHIR id: it never reaches the store or an upstream URL. */
export function assertFhirId(id: string): void {
  if (/^\$[A-Za-z][A-Za-z0-9-]*$/.test(id)) throw fhirFailure('not_found', 'not-supported', `The operation ${id} is not supported here`);
  if (!isFhirId(id)) throw fhirFailure('validation', 'invalid', 'The id is not a FHIR id (1 to 64 of A-Z, a-z, 0-9, "-" and ".", and not "." or "..")');
}
