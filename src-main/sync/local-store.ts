import { AppError } from '../core/errors';
import type { FhirService } from '../fhir/store-service';
import type { ResourceJson } from './sync-content';

/** The local FHIR store as a sync reads and writes it. */
export interface LocalFhirStore {
  /** The current version, or undefined when the store does not have it (never had it, or deleted). */
  read(tenantId: string, type: string, id: string): ResourceJson | undefined;
  /** Writes a version (PUT by id, the REST write path); `ifMatch`: only over that version, else SYNC_LOCAL_CHANGED. Answers the versionId now current. */
  write(tenantId: string, resource: ResourceJson, ifMatch?: number): number;
  /** One page of a type's versions written at or after `since` (epoch ms), newest first, and how many there are in all. */
  changedSince(tenantId: string, type: string, since: number, count: number, offset: number): { changes: { id: string; lastUpdated: number }[]; total: number };
}

/** The gateway's store service as a sync's local side. */
export function localFhirStore(service: Pick<FhirService, 'read' | 'update' | 'history'>): LocalFhirStore {
  return {
    read(tenantId, type, id) {
      try {
        return service.read(tenantId, type, id) as unknown as ResourceJson;
      } catch (error) {
        if (error instanceof AppError && (error.kind === 'not_found' || error.kind === 'gone')) return undefined;
        throw error;
      }
    },
    write(tenantId, resource, ifMatch) {
      try {
        const written = service.update(tenantId, resource.resourceType, resource.id as string, resource, ifMatch);
        return Number(written.resource.meta?.versionId);
      } catch (error) {
        if (error instanceof AppError && error.kind === 'precondition_failed') {
          throw new AppError('precondition_failed', 'SYNC_LOCAL_CHANGED', `${resource.resourceType}/${resource.id ?? ''} changed in the local store since the conflict was seen`, { resourceType: resource.resourceType, id: resource.id, expectedVersion: ifMatch });
        }
        throw error;
      }
    },
    changedSince(tenantId, type, since, count, offset) {
      const bundle = service.history(tenantId, { type, since }, count, offset, '');
      const changes = (bundle.entry ?? []).map((e) => ({ id: (e.request?.url ?? '').split('/')[1] ?? '', lastUpdated: Date.parse(e.response?.lastModified ?? '') }));
      return { changes, total: bundle.total ?? 0 };
    },
  };
}
