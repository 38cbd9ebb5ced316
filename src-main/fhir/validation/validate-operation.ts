import type { OperationOutcome, ParametersParameter } from '@medplum/fhirtypes';
import { AppError } from '../../core/errors';
import { outcomeOf } from '../outcome';
import { validateFhirResource, type ValidationOptions } from './validate';

/** $validate's input: the resource (bare, or the `resource` part of a Parameters) and the profile asked for. */
export function validateOperationInput(body: unknown, queryProfile?: unknown): { candidate: unknown; profile?: string } {
  const resource = body as { resourceType?: string; parameter?: ParametersParameter[] } | undefined;
  const parameters = resource?.resourceType === 'Parameters' ? (resource.parameter ?? []) : undefined;
  const candidate = parameters ? parameters.find((p) => p.name === 'resource')?.resource : body;
  const part = parameters?.find((p) => p.name === 'profile');
  const profile = part?.valueUri ?? part?.valueCanonical ?? part?.valueString ?? queryProfile;
  return { candidate, ...(typeof profile === 'string' ? { profile } : {}) };
}

/** $validate's answer: every issue found, errors included, as an OperationOutcome (the operation itself succeeds). */
export function validationOutcome(candidate: unknown, options: ValidationOptions = {}): OperationOutcome {
  try {
    const { warnings } = validateFhirResource(candidate, options);
    return { resourceType: 'OperationOutcome', issue: warnings.length > 0 ? warnings : [{ severity: 'information', code: 'informational', diagnostics: 'No issues found' }] };
  } catch (error) {
    const said = outcomeOf(error);
    if (error instanceof AppError && error.kind === 'unprocessable' && said) return said;
    throw error;
  }
}
