import { AppError } from '../core/errors';
import { outcomeOf } from '../fhir/outcome';

export interface RecordError {
  code: string;
  message: string;
}

const MAX_MESSAGE = 500;

/**
 * What a failed record says: a stable code and a message with no patient data. A FHIR validation failure is
 * told by its issue codes and element paths (the validator's texts at a path can quote values; issues without a
 * path are the engine's own, written without content); other AppErrors by their message, likewise.
 */
export function recordErrorOf(error: unknown): RecordError {
  if (!(error instanceof AppError)) return { code: 'DATA_IMPORT_RECORD_FAILED', message: `The record could not be stored (${error instanceof Error ? error.name : 'error'})` };
  const outcome = outcomeOf(error);
  if (outcome === undefined) return { code: error.code, message: error.message.slice(0, MAX_MESSAGE) };
  const said = (outcome.issue ?? [])
    .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
    .map((issue) => (issue.expression?.length ? `${issue.code} at ${issue.expression.join(', ')}` : (issue.diagnostics ?? issue.code)));
  return { code: error.code, message: `The resource was refused: ${said.length > 0 ? said.join('; ') : error.code}`.slice(0, MAX_MESSAGE) };
}
