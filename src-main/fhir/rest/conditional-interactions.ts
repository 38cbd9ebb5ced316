import type { Resource } from '@medplum/fhirtypes';
import type { Transact } from '../../store/transact';
import { onlyMatch } from '../conditional-match';
import { fhirFailure } from '../outcome';
import type { Patch } from '../patch/patch-document';
import { patchedVersion, patchResource } from '../patch/patch-resource';
import type { RoutedInteractions, Routed } from '../routing/routed-interactions';
import type { SearchService } from '../search-service';
import type { FhirService, Written } from '../store-service';
import { newResourceId } from '../resource-id';

export interface ConditionalDeps {
  service: FhirService;
  search: SearchService;
  transact: Transact;
  tenantId: string;
  routed: RoutedInteractions;
}

/**
 * PATCH by id, and the conditional interactions addressed by search criteria instead of an id —
 * `PUT Type?query`, `DELETE Type?query`, `PATCH Type?query` — which find their one match in the
 * local store and act on it there.
 */
export function createConditionalInteractions(deps: ConditionalDeps) {
  const { service, search, transact, tenantId } = deps;
  return {
    /**
     * By id the patch goes through routing: the owner's current version is patched and written back to
     * the owner (a PUT), with the version read as the If-Match so a concurrent change answers 412.
     */
    async patch(type: string, id: string, patch: Patch, ifMatch: number | undefined): Promise<Routed<Written>> {
      const current = await deps.routed.read(type, id);
      const next = patchedVersion(current.value, patch, ifMatch);
      const version = Number(current.value.meta?.versionId);
      return deps.routed.update(type, id, next, Number.isInteger(version) ? version : undefined);
    },

    patchMatch(type: string, query: string, patch: Patch, ifMatch: number | undefined): Written {
      return transact(() => {
        const match = onlyMatch(search, tenantId, type, query);
        if (!match?.id) throw fhirFailure('not_found', 'not-found', `${type}?${query} matches no resource to patch`);
        return patchResource(service, transact, tenantId, type, match.id, patch, ifMatch);
      });
    },

    /** The one match is updated; none → created (with the body's id, or a new one). */
    updateMatch(type: string, query: string, body: Resource | undefined, ifMatch: number | undefined): Written {
      return transact(() => {
        const match = onlyMatch(search, tenantId, type, query);
        if (match && body?.id && body.id !== match.id) throw fhirFailure('validation', 'invalid', `The body's id (${body.id}) is not the id of the matching ${type} (${match.id})`, [`${type}.id`]);
        const id = match?.id ?? body?.id ?? newResourceId();
        return service.update(tenantId, type, id, { ...body, id } as Resource, ifMatch);
      });
    },

    /** One match is deleted; none is not an error (the result is the same). */
    deleteMatch(type: string, query: string): void {
      transact(() => {
        const match = onlyMatch(search, tenantId, type, query);
        if (match?.id) service.remove(tenantId, type, match.id);
      });
    },
  };
}
export type ConditionalInteractions = ReturnType<typeof createConditionalInteractions>;
