import type { OperationOutcome } from '@medplum/fhirtypes';

/**
 * fhir-kit-client throws `{ response: { status, data } }` for non-2xx answers: this returns that
 * response, and fails the test when the request succeeded (or failed without an HTTP answer).
 */
export async function fhirFailure(promise: Promise<unknown>): Promise<{ status: number; data: OperationOutcome }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { status: number; data: OperationOutcome } }).response;
    if (response) return response;
    throw error;
  }
  throw new Error('expected the request to fail');
}
