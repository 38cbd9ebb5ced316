import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import { fhirFailure } from '../outcome';
import { operationInput } from '../terminology/operation-input';
import { runTerminologyOperation, terminologyOperationNames } from '../terminology/terminology-operations';
import { validateOperationInput, validationOutcome } from '../validation/validate-operation';

/** `Type/$op`, `Type/id/$op` or `$op`: the parts of an operation URL, or undefined for other URLs. */
export function operationUrl(path: string): { type?: string; id?: string; name: string } | undefined {
  const parts = path.split('/');
  const at = parts.findIndex((p) => p.startsWith('$'));
  if (at < 0 || at !== parts.length - 1 || at > 2) return undefined;
  return { type: at > 0 ? parts[0] : undefined, id: at > 1 ? parts[1] : undefined, name: parts[at] as string };
}

export type OperationUrl = NonNullable<ReturnType<typeof operationUrl>>;

/**
 * An operation inside a batch or transaction (terminology operations and $validate — none of them
 * writes, so they are safe in a transaction). The answer goes in the entry's resource.
 */
export function runBundleOperation(entry: BundleEntry, op: OperationUrl, path: string, query: string | undefined): BundleEntry {
  let resource: Resource | undefined;
  if (op.name === '$validate' && op.type) {
    const { candidate, profile } = validateOperationInput(entry.resource, new URLSearchParams(query ?? '').get('profile') ?? undefined);
    resource = validationOutcome(candidate, { profile });
  } else if (op.type && terminologyOperationNames().includes(`${op.type}/${op.name}`)) {
    const input = operationInput([...new URLSearchParams(query ?? '')], entry.request?.method === 'POST' ? entry.resource : undefined);
    resource = runTerminologyOperation(op.type, op.id, op.name, input);
  }
  if (!resource) throw fhirFailure('validation', 'not-supported', `${path} is not an operation this server runs in a Bundle (it runs ${[...terminologyOperationNames(), 'Type/$validate'].join(', ')})`);
  return { resource, response: { status: '200 OK' } };
}
