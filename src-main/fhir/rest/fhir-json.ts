import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth';
import { fhirFailure } from '../outcome';
import { parseFhirJson } from '../fhir-json-text';

/**
 * Reads a FHIR JSON request body (application/fhir+json and kin): decimals keep the text they were written as (fhir-json-text.ts), a leading byte-order mark is dropped,
 * an empty body is no body (clients send the content type on DELETE too), and text that is not JSON
 * is refused as an AppError that answers 400 OperationOutcome `structure`; JSON nested deeper than
 * MAX_JSON_DEPTH answers 400 `too-costly` (the recursive readers behind would overflow the stack).
 */
export function readFhirJson(body: string): unknown {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = parseFhirJson(text);
  } catch {
    throw fhirFailure('validation', 'structure', 'The body is not valid JSON');
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw tooDeep();
  return value;
}

const tooDeep = () => fhirFailure('validation', 'too-costly', `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
