import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Written } from './store-service';

/**
 * What a write did: `matched` is a conditional create that found its resource; `unchanged` an update or
 * patch equal to the current version; `stored` an update whose effect is not known (a Bundle entry's 200).
 */
export type WriteAction = 'created' | 'updated' | 'unchanged' | 'matched' | 'stored';

export const writeActionOf = (written: Written, interaction: 'create' | 'update'): WriteAction =>
  written.created ? 'created' : written.changed ? 'updated' : interaction === 'create' ? 'matched' : 'unchanged';

function saying(action: WriteAction, ref: string, version: string): string {
  switch (action) {
    case 'created':
      return `Created ${ref} (version ${version})`;
    case 'updated':
      return `Updated ${ref} to version ${version}`;
    case 'unchanged':
      return `${ref} is unchanged: the content equals its current version ${version}`;
    case 'matched':
      return `${ref} matches If-None-Exist: nothing was created`;
    case 'stored':
      return `The update of ${ref} succeeded: its current version is ${version}`;
    default:
      return action satisfies never;
  }
}

/** The OperationOutcome a write answers with under `Prefer: return=OperationOutcome`: what was done, then any warnings. */
export function writeOutcome(action: WriteAction, resource: Resource, warnings: readonly OperationOutcomeIssue[] = []): OperationOutcome {
  const diagnostics = saying(action, `${resource.resourceType}/${resource.id}`, resource.meta?.versionId ?? 'unknown');
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics }, ...warnings] };
}
