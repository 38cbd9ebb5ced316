import { ErrorKind } from '../../src-shared/error-codes';

export { ErrorKind };

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** The REST surface's one mapping of kinds to HTTP statuses. */
export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'validation':
    case 'unprocessable':
      return 422;
    case 'not_found':
      return 404;
    case 'gone':
      return 410;
    case 'conflict':
      return 409;
    case 'precondition_failed':
      return 412;
    case 'too_large':
      return 413;
    case 'unsupported':
      return 415;
    case 'forbidden':
      return 403;
    case 'unauthorized':
      return 401;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return kind satisfies never;
  }
}

export const notFound = (entity: string, id: string): AppError =>
  new AppError('not_found', `INTEROP_${entity.toUpperCase()}_NOT_FOUND`, `${entity.replace(/_/g, ' ')} ${id} was not found`, { id });

/** The one shape of field errors, for schema failures and for rules checked in services. */
export function validationFailed(issues: readonly { path: string; message: string }[]): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[issue.path || '(body)'] ??= []).push(issue.message);
  return new AppError('validation', 'INTEROP_VALIDATION_FAILED', 'The request has invalid fields', { fields });
}

export function toErrorBody(error: unknown): { kind: ErrorKind; body: ErrorBody } {
  if (error instanceof AppError) {
    return { kind: error.kind, body: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  }
  return { kind: 'internal', body: { code: 'INTEROP_INTERNAL_ERROR', message: 'An internal error occurred' } };
}
