import type { Resource } from '@medplum/fhirtypes';
import { applyPatch, type Operation } from 'rfc6902';
import { fhirFailure } from '../outcome';
import { cloneFhirJson } from '../fhir-json-text';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Checks the shape of a JSON Patch document (RFC 6902): an array of operations with op and path. */
export function readJsonPatch(body: unknown): Operation[] {
  if (!Array.isArray(body)) throw fhirFailure('validation', 'invalid', 'JSON Patch: the body must be an array of operations');
  body.forEach((op: unknown, i) => {
    const candidate = op as { op?: unknown; path?: unknown };
    if (typeof candidate?.path !== 'string' || !OPS.has(String(candidate.op))) throw fhirFailure('validation', 'invalid', `JSON Patch: operation ${i} needs "op" (one of ${[...OPS].join(', ')}) and a "path"`);
  });
  return body as Operation[];
}

/** Applies a JSON Patch to a copy of the resource; any failing operation (a failed test included) fails the patch. */
export function applyJsonPatch(resource: Resource, operations: readonly Operation[]): Resource {
  const copy = cloneFhirJson(resource);
  const results = applyPatch(copy, [...operations]);
  const failed = results.findIndex((r) => r !== null);
  if (failed >= 0) throw fhirFailure('unprocessable', 'processing', `JSON Patch operation ${failed} (${operations[failed]?.op} ${operations[failed]?.path}) failed: ${results[failed]?.name ?? 'error'}`);
  return copy;
}
