import { OperationOutcomeError, isResourceType, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth';
import { jsonFormIssues } from './json-form';
import { plainlyValid } from './plain-structure';
import { fhirFailure, fhirOutcomeFailure } from '../outcome';
import { findProfile } from './profiles/bundled-profiles';
import { requiredBindingIssues } from './required-bindings';
import { calendarDateIssues } from './calendar-dates';
import { bindingValueSets } from '../terminology/binding-value-sets';

export interface ValidationOptions {
  /** A profile to validate against besides the declared ones ($validate's `profile`); unknown here is an error. */
  profile?: string;
}

const SEVERITY_ORDER = ['fatal', 'error', 'warning', 'information'];
const isError = (issue: OperationOutcomeIssue): boolean => issue.severity === 'error' || issue.severity === 'fatal';

/** @medplum/core throws its issues when any is an error and returns them otherwise. */
function medplumIssues(resource: Resource, profile?: Parameters<typeof validateResource>[1]): OperationOutcomeIssue[] {
  try {
    return validateResource(resource, profile);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

/** Issues from the declared profiles (meta.profile) and a requested one; profiles we do not ship are named, not guessed at. */
function profileIssues(resource: Resource, requested: string | undefined): OperationOutcomeIssue[] {
  const type = resource.resourceType;
  const wanted = new Map<string, string | undefined>();
  (resource.meta?.profile ?? []).forEach((url, i) => wanted.set(url.split('|')[0] ?? url, `${type}.meta.profile[${i}]`));
  if (requested && !wanted.has(requested.split('|')[0] ?? requested)) wanted.set(requested.split('|')[0] ?? requested, undefined);
  const issues: OperationOutcomeIssue[] = [];
  for (const [url, expression] of wanted) {
    const where = expression ? { expression: [expression] } : {};
    const profile = findProfile(url);
    if (!profile) {
      issues.push(
        expression
          ? { severity: 'warning', code: 'not-supported', diagnostics: `Profile ${url} is not known to this server; validated against the base resource`, ...where }
          : { severity: 'error', code: 'not-supported', diagnostics: `Profile ${url} is not known to this server` },
      );
    } else if (profile.definition.type !== type) {
      issues.push({ severity: 'error', code: 'invalid', diagnostics: `Profile ${url} constrains ${profile.definition.type}, not ${type}`, ...where });
    } else {
      const against = (issue: OperationOutcomeIssue): OperationOutcomeIssue => ({ ...issue, details: { text: `${issue.details?.text ?? issue.diagnostics ?? 'Invalid'} (profile ${url})` } });
      issues.push(...medplumIssues(resource, { profile: profile.definition }).map(against), ...requiredBindingIssues(resource, bindingValueSets(), profile.schema).map(against));
    }
  }
  return issues;
}

/** The same finding reached through the base definition and a profile is reported once. */
function distinct(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity} ${issue.code} ${issue.expression?.join()} ${(issue.details?.text ?? issue.diagnostics ?? '').replace(/ \(profile [^)]*\)$/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks a resource against the R4 JSON rules (json-form.ts), the R4 base definitions, the required bindings
 * we can expand, and its declared profiles where we ship them; errors become a 422 naming the elements, other issues are returned.
 */
export function validateFhirResource(resource: unknown, options: ValidationOptions = {}): { resource: Resource; warnings: OperationOutcomeIssue[] } {
  ensureFhirDefinitions();
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) throw fhirFailure('validation', 'structure', 'The body must be a FHIR resource (a JSON object)');
  // Resources reach here from HTTP, IPC and imports: the recursive checks below must not meet a nesting that overflows the stack.
  if (nestsDeeperThan(resource, MAX_JSON_DEPTH)) throw fhirFailure('validation', 'too-costly', `The resource nests deeper than ${MAX_JSON_DEPTH} levels`);
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string') throw fhirFailure('unprocessable', 'structure', `resourceType must be a string naming an R4 resource type, not ${type === null ? 'null' : Array.isArray(type) ? 'an array' : typeof type}`, ['resourceType']);
  if (!isResourceType(type)) throw fhirFailure('unprocessable', 'structure', `"${type}" is not an R4 resource type`, ['resourceType']);
  // versionId and lastUpdated are the server's to assign; whatever a client sent there is replaced.
  const { meta, ...rest } = resource as Resource;
  const { versionId: _v, lastUpdated: _l, ...clientMeta } = meta ?? {};
  const candidate = (Object.keys(clientMeta).length > 0 ? { ...rest, meta: clientMeta } : rest) as Resource;
  // The JSON form's own rules come first: @medplum/core reads an empty array or string as an absent element.
  const formIssues = jsonFormIssues(candidate as unknown as Record<string, unknown>);
  if (formIssues.length > 0) throw fhirOutcomeFailure('unprocessable', { resourceType: 'OperationOutcome', issue: formIssues });
  // A resource the fast pass is sure about skips @medplum/core's walk over every element definition.
  let issues = plainlyValid(candidate) ? [] : medplumIssues(candidate);
  // Bindings and profiles are judged only on a structurally valid resource; the structure errors come first.
  if (!issues.some(isError)) issues = distinct([...issues, ...calendarDateIssues(candidate), ...requiredBindingIssues(candidate, bindingValueSets()), ...profileIssues(candidate, options.profile)]);
  issues.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  if (issues.some(isError)) throw fhirOutcomeFailure('unprocessable', { resourceType: 'OperationOutcome', issue: issues });
  return { resource: candidate, warnings: issues };
}
