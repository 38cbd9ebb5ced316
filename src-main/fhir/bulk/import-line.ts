import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FhirService, Written } from '../store-service';
import { fhirFailure, outcomeOf } from '../outcome';
import { parseFhirJson } from '../fhir-json-text';

/** Validates and stores one NDJSON line as REST would: with an id it is an update-as-create, without one a create. Returns what was stored. */
export function importLine(fhir: FhirService, tenantId: string, type: string | null, text: string): Written {
  let resource: { resourceType?: unknown; id?: unknown };
  try {
    resource = parseFhirJson(text) as typeof resource;
  } catch {
    throw fhirFailure('validation', 'structure', 'The line is not valid JSON');
  }
  const resourceType = typeof resource?.resourceType === 'string' ? resource.resourceType : '';
  if (!resourceType) throw fhirFailure('validation', 'invalid', 'The line has no resourceType');
  if (type && resourceType !== type) throw fhirFailure('validation', 'invalid', `The line is a ${resourceType}, not a ${type}`);
  return typeof resource.id === 'string' ? fhir.update(tenantId, resourceType, resource.id, resource) : fhir.create(tenantId, resourceType, resource);
}

/**
 * The OperationOutcome written to the error file for one bad line (line 0: the input as a whole): a first issue naming
 * the input, the line and what was wrong, then the validator's findings with their element paths.
 */
export function lineErrorOutcome(url: string, line: number, error: unknown): OperationOutcome {
  const where = line > 0 ? `${url} line ${line}` : url;
  const outcome = outcomeOf(error);
  const issues = outcome?.issue ?? [];
  const said = issues.map((i) => i.diagnostics ?? i.details?.text).filter((text) => text !== undefined);
  const message = outcome && error instanceof Error ? said.join('; ') || error.message : `The line could not be stored (${error instanceof Error ? error.name : 'error'})`;
  const findings = issues.filter((i) => i.expression !== undefined);
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'processing', diagnostics: `${where}: ${message}`, location: [line > 0 ? `${url}#${line}` : url] }, ...findings],
  };
}
