import type { Transact } from '../../store/transact';
import type { FhirService, Written } from '../fhir-service';
import { fhirError } from '../outcome';
import type { Patch } from './patch-document';

/** PATCH: applies the patch to the current version and stores the result as an update (validated like any write). */
export function patchResource(service: FhirService, transact: Transact, tenantId: string, type: string, id: string, patch: Patch, ifMatch?: number): Written {
  return transact(() => {
    const current = service.read(tenantId, type, id);
    if (ifMatch !== undefined && current.meta?.versionId !== String(ifMatch)) throw fhirError(412, 'conflict', `${type}/${id} is at version ${current.meta?.versionId}, not ${ifMatch}`);
    const next = patch(current);
    if (next.resourceType !== type || next.id !== id) throw fhirError(422, 'processing', 'A patch may not change the resourceType or id');
    return service.update(tenantId, type, id, next, ifMatch);
  });
}
