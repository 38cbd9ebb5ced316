import type { Resource } from '@medplum/fhirtypes';
import { expand, lookup, validateCode } from './code-systems';
import { translate } from './concept-maps';
import { integerParameter, type OperationInput } from './operation-input';

type Operation = (input: OperationInput, id: string | undefined) => Resource;

/** The terminology operations by `Type/$name`, for callers outside the HTTP routes (Bundle entries). */
const OPERATIONS: Record<string, Operation> = {
  'ConceptMap/$translate': (input, id) => translate({ url: id ?? input.url, system: input.system, code: input.code, targetsystem: input.targetsystem }),
  'CodeSystem/$lookup': (input) => lookup(input),
  'CodeSystem/$validate-code': (input) => validateCode('CodeSystem', input),
  'ValueSet/$validate-code': (input) => validateCode('ValueSet', input),
  'ValueSet/$expand': (input) => expand({ url: input.url, filter: input.filter, count: integerParameter(input, 'count'), offset: integerParameter(input, 'offset') }, new Date().toISOString()),
};

export const terminologyOperationNames = (): string[] => Object.keys(OPERATIONS);

/** Runs `type/$name` (instance-level when `id` is given), or undefined when it is not a terminology operation. */
export function runTerminologyOperation(type: string, id: string | undefined, name: string, input: OperationInput): Resource | undefined {
  return OPERATIONS[`${type}/${name}`]?.(input, id);
}
