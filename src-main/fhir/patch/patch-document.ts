import type { Binary, Resource } from '@medplum/fhirtypes';
import { fhirFailure } from '../outcome';
import { parseFhirJson } from '../fhir-json-text';
import { applyFhirPathPatch, readFhirPathPatch } from './fhirpath-patch';
import { applyJsonPatch, readJsonPatch } from './json-patch';

/** A checked patch document, ready to apply to the current version of a resource. */
export type Patch = (current: Resource) => Resource;

export const JSON_PATCH = 'application/json-patch+json';

/**
 * Reads a PATCH body: a JSON Patch array (application/json-patch+json), a FHIRPath Patch Parameters
 * resource, or — inside a Bundle, where bodies must be resources — a Binary carrying a JSON Patch.
 */
export function readPatch(body: unknown, contentType?: string): Patch {
  if (contentType?.startsWith(JSON_PATCH) || Array.isArray(body)) {
    const operations = readJsonPatch(body);
    return (current) => applyJsonPatch(current, operations);
  }
  const resource = body as Resource | undefined;
  if (resource?.resourceType === 'Binary') {
    const binary = resource as Binary;
    if (binary.contentType !== JSON_PATCH || !binary.data) throw fhirFailure('validation', 'invalid', `A Binary patch must have contentType ${JSON_PATCH} and base64 data`);
    let parsed: unknown;
    try {
      parsed = parseFhirJson(Buffer.from(binary.data, 'base64').toString('utf8'));
    } catch {
      throw fhirFailure('validation', 'invalid', 'The Binary patch data is not JSON');
    }
    return readPatch(parsed, JSON_PATCH);
  }
  if (resource?.resourceType === 'Parameters') {
    const operations = readFhirPathPatch(resource);
    return (current) => applyFhirPathPatch(current, operations);
  }
  throw fhirFailure('unsupported', 'not-supported', `PATCH takes a JSON Patch (${JSON_PATCH}) or a FHIRPath Patch Parameters resource`);
}
