import type { ZodError } from 'zod';
import type { Result } from '../../src-shared';

/** A desktop IPC input that failed its schema, answered as REST would: 422 with the messages per field. */
export function validationFailed(error: ZodError): Result<never> {
  const fields = Object.fromEntries(error.issues.map((issue) => [issue.path.join('.') || '(body)', [issue.message]]));
  return { ok: false, status: 422, error: { code: 'INTEROP_VALIDATION_FAILED', message: 'The request has invalid fields', details: { fields } } };
}
