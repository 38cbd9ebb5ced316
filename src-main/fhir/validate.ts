import { OperationOutcomeError, isResourceType, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { ensureFhirDefinitions } from './definitions';
import { FhirError, fhirError } from './outcome';

/** Checks a resource against the R4 base definitions; errors become a 422 naming the elements. */
export function validateFhirResource(resource: unknown): { resource: Resource; warnings: OperationOutcomeIssue[] } {
  ensureFhirDefinitions();
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) throw fhirError(400, 'structure', 'The body must be a FHIR resource (a JSON object)');
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !isResourceType(type)) throw fhirError(422, 'structure', `"${String(type)}" is not an R4 resource type`, ['resourceType']);
  // versionId and lastUpdated are the server's to assign; whatever a client sent there is replaced.
  const { meta, ...rest } = resource as Resource;
  const { versionId: _v, lastUpdated: _l, ...clientMeta } = meta ?? {};
  const candidate = (Object.keys(clientMeta).length > 0 ? { ...rest, meta: clientMeta } : rest) as Resource;
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(candidate);
  } catch (error) {
    if (error instanceof OperationOutcomeError) throw new FhirError(422, error.outcome);
    throw error;
  }
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0) throw new FhirError(422, { resourceType: 'OperationOutcome', issue: errors });
  return { resource: candidate, warnings: issues };
}
