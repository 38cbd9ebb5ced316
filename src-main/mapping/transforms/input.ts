import type { V2Value } from '../datatypes/v2-value';
import { comp, fromText } from '../datatypes/v2-value';
import type { MapResult } from './result';
import { fail, ok } from './result';

/**
 * What a rule hands a transform: a field repetition as read by readField (V2Value), a leaf string, or
 * the output of the previous transform in the rule. These coerce it to what a transform reads.
 */

export const isV2Value = (input: unknown): input is V2Value =>
  Array.isArray(input) && input.every((component) => Array.isArray(component) && component.every((s) => typeof s === 'string'));

/** A string, number or boolean as text; a V2Value as its first component. */
export function asText(input: unknown): MapResult<string> {
  if (typeof input === 'string') return ok(input);
  if (typeof input === 'number' || typeof input === 'boolean') return ok(String(input));
  if (isV2Value(input)) return ok(comp(input, 1));
  return fail('MAP_BAD_INPUT', 'not text (expected a string, a number or a v2 field value)');
}

/** A V2Value as is; a string as a one-component value. */
export function asV2(input: unknown): MapResult<V2Value> {
  if (isV2Value(input)) return ok(input);
  if (typeof input === 'string') return ok(fromText(input));
  return fail('MAP_BAD_INPUT', 'not a v2 field value (expected components read by readField, or a string)');
}
