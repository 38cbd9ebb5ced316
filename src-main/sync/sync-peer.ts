import { AppError } from '../core/errors';
import type { FhirRestAnswer, FhirRestDestination, FhirRestSender } from '../outbound/fhir-rest-sender';
import type { ResourceJson } from './sync-content';

/** An upstream resource and the version its server gave it (meta.versionId, else the ETag's). */
export interface RemoteResource {
  resource: ResourceJson;
  version: string | null;
}

/** One page of a search: its resources and the server's `next` link. */
export interface RemotePage {
  resources: ResourceJson[];
  next: string | null;
}

/** A PUT settled: the version the server now has, or 412 — someone changed the resource since the version sent in If-Match. */
export type RemotePut = { written: RemoteResource } | { preconditionFailed: true };

const ETAG_VERSION = /^(?:W\/)?"([^"]+)"$/;
export const etagFor = (version: string): string => `W/"${version}"`;

const versionOf = (resource: ResourceJson, etag: string | undefined): string | null => {
  const meta = resource.meta?.versionId;
  if (typeof meta === 'string') return meta;
  return (etag && ETAG_VERSION.exec(etag.trim())?.[1]) ?? null;
};

/** A failed exchange as the run's error: unreachable upstreams are `unavailable`, refusals carry the server's status. */
function upstreamFailure(answer: FhirRestAnswer, what: string): AppError {
  const details = { cause: answer.error?.code ?? null, status: answer.status ?? null };
  if (answer.status === undefined) {
    return new AppError('unavailable', 'SYNC_UPSTREAM_UNREACHABLE', `The upstream FHIR server could not be reached for ${what} (${answer.error?.message ?? 'no answer'})`, details);
  }
  return new AppError('unprocessable', 'SYNC_UPSTREAM_REFUSED', `The upstream FHIR server answered ${answer.status} to ${what}`, details);
}

/**
 * The upstream FHIR server of a sync job, through the outbound FHIR REST sender (its fetch policy,
 * auth and CA handling); every call fails with an AppError the run reports.
 */
export function createSyncPeer(sender: Pick<FhirRestSender, 'send' | 'read'>, destination: FhirRestDestination) {
  const base = destination.baseUrl.replace(/\/$/, '');
  return {
    /** The base URL, the key the synced state is kept under. */
    url: base,

    /** A search (`Patient?_lastUpdated=gt…`) or a `next` link the server answered. */
    async page(path: string): Promise<RemotePage> {
      const answer = await sender.read(path, destination);
      if (answer.outcome !== 'delivered') throw upstreamFailure(answer, 'a search');
      const bundle = answer.body as { resourceType?: string; entry?: { resource?: ResourceJson; search?: { mode?: string } }[]; link?: { relation: string; url: string }[] };
      if (bundle.resourceType !== 'Bundle') throw new AppError('unprocessable', 'SYNC_UPSTREAM_REFUSED', 'The upstream FHIR server answered a search with something other than a Bundle', { status: answer.status ?? null });
      const resources = (bundle.entry ?? []).filter((e) => e.resource && (e.search?.mode ?? 'match') === 'match').map((e) => e.resource as ResourceJson);
      return { resources, next: bundle.link?.find((l) => l.relation === 'next')?.url ?? null };
    },

    /** The upstream's current version of a resource, or undefined when it has none (404, 410). */
    async read(type: string, id: string): Promise<RemoteResource | undefined> {
      const answer = await sender.read(`${type}/${encodeURIComponent(id)}`, destination);
      if (answer.outcome !== 'delivered') {
        if (answer.status === 404 || answer.status === 410) return undefined;
        throw upstreamFailure(answer, `a read of ${type}/${id}`);
      }
      const resource = answer.body as ResourceJson;
      return { resource, version: versionOf(resource, answer.etag) };
    },

    /** Writes a resource by id; `ifMatch` (a version) makes a concurrent upstream change answer 412 instead of being overwritten. */
    async put(resource: ResourceJson, ifMatch: string | null): Promise<RemotePut> {
      const answer = await sender.send({ kind: 'put', resource: resource as never, ...(ifMatch ? { ifMatch: etagFor(ifMatch) } : {}) }, destination);
      if (answer.outcome !== 'delivered') {
        if (answer.status === 412) return { preconditionFailed: true };
        throw upstreamFailure(answer, `a write of ${resource.resourceType}/${resource.id ?? ''}`);
      }
      const written = (answer.body && typeof answer.body === 'object' && 'resourceType' in answer.body ? answer.body : resource) as ResourceJson;
      return { written: { resource: written, version: versionOf(written, answer.etag) } };
    },
  };
}
export type SyncPeer = ReturnType<typeof createSyncPeer>;
