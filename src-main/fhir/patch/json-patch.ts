import type { Resource } from '@medplum/fhirtypes';
import { applyPatch, Pointer, type Operation } from 'rfc6902';
import { fhirFailure } from '../outcome';
import { carryDecimalTexts, cloneFhirJson } from '../fhir-json-text';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
/** A JSON Pointer (RFC 6901): the whole document, or `/`-separated tokens. */
const isPointer = (value: unknown): value is string => typeof value === 'string' && (value === '' || value.startsWith('/'));

/** Checks the shape of a JSON Patch document (RFC 6902): an array of operations with op and path (and from, for move and copy). */
export function readJsonPatch(body: unknown): Operation[] {
  if (!Array.isArray(body)) throw fhirFailure('validation', 'invalid', 'JSON Patch: the body must be an array of operations');
  body.forEach((op: unknown, i) => {
    const candidate = op as { op?: unknown; path?: unknown; from?: unknown };
    if (!isPointer(candidate?.path) || !OPS.has(String(candidate.op))) throw fhirFailure('validation', 'invalid', `JSON Patch: operation ${i} needs "op" (one of ${[...OPS].join(', ')}) and a "path" that is a JSON Pointer`);
    if ((candidate.op === 'move' || candidate.op === 'copy') && !isPointer(candidate.from)) throw fhirFailure('validation', 'invalid', `JSON Patch: operation ${i} (${candidate.op}) needs a "from" that is a JSON Pointer`);
  });
  return body as Operation[];
}

interface Place {
  holder: object;
  key: string | number;
}

/** Where a pointer's value sits in `document`: its holder and key (an array's as an index, `-` its last item once added to). */
function placeOf(document: object, pointer: string): Place | undefined {
  const { parent, key } = Pointer.fromJSON(pointer).evaluate(document) as { parent: unknown; key: string };
  if (typeof parent !== 'object' || parent === null) return undefined;
  return { holder: parent, key: Array.isArray(parent) ? (key === '-' ? parent.length - 1 : Number(key)) : key };
}

/**
 * Applies one operation, keeping the decimal texts (fhir-json-text.ts) of the value it writes: the
 * library clones values, and a clone forgets how `71.50` was written.
 */
function applyOne(document: Resource, operation: Operation): Error | null {
  const source: Place | undefined = operation.op === 'add' || operation.op === 'replace' ? { holder: operation, key: 'value' } : operation.op === 'move' || operation.op === 'copy' ? placeOf(document, operation.from) : undefined;
  const [failure] = applyPatch(document, [operation]);
  if (failure) return failure;
  const target = source && placeOf(document, operation.path);
  if (source && target) carryDecimalTexts(source.holder, source.key, target.holder, target.key);
  return null;
}

/** Applies a JSON Patch to a copy of the resource; any failing operation (a failed test included) fails the patch. */
export function applyJsonPatch(resource: Resource, operations: readonly Operation[]): Resource {
  const copy = cloneFhirJson(resource);
  operations.forEach((operation, i) => {
    const failure = applyOne(copy, operation);
    if (failure) throw fhirFailure('unprocessable', 'processing', `JSON Patch operation ${i} (${operation.op} ${operation.path}) failed: ${failure.name}`);
  });
  return copy;
}
