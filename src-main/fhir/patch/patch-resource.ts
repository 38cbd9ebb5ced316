import type { Resource } from '@medplum/fhirtypes';
import type { Transact } from '../../store/transact';
import type { FhirService, Written } from '../store-service';
import { fhirFailure } from '../outcome';
import type { Patch } from './patch-document';

/** The patched next version of `current`: 412 when If-Match names another version, 422 when the patch changes type or id. */
export function patchedVersion(current: Resource, patch: Patch, ifMatch?: number): Resource {
  const { resourceType: type, id } = current;
  if (ifMatch !== undefined && current.meta?.versionId !== String(ifMatch)) throw fhirFailure('precondition_failed', 'conflict', `${type}/${id} is at version ${current.meta?.versionId}, not ${ifMatch}`);
  const next = patch(current);
  if (next.resourceType !== type || next.id !== id) throw fhirFailure('unprocessable', 'processing', 'A patch may not change the resourceType or id');
  return next;
}

/** PATCH in the local store: applies the patch to the current version and stores the result as an update (validated like any write). */
export function patchResource(service: FhirService, transact: Transact, tenantId: string, type: string, id: string, patch: Patch, ifMatch?: number): Written {
  return transact(() => service.update(tenantId, type, id, patchedVersion(service.read(tenantId, type, id), patch, ifMatch), ifMatch));
}
