import { FhirPullSyncConfig } from '../../src-shared/sync';
import type { IntegrationRunKind } from '../jobs/run-kind';
import type { ResourceJson } from './sync-content';
import type { SyncKindDeps } from './sync-kind-deps';
import { syncDestination } from './sync-destination';
import { createSyncPeer } from './sync-peer';
import { createReconciler } from './sync-reconcile';
import { countReconciled, recordFailure } from './sync-run-record';

/** Kept from one successful run to the next: per resource type, the newest meta.lastUpdated pulled. */
interface PullJobState {
  since: Record<string, string>;
}

/** Saved after every page: which type, the upstream's `next` link (null: the type is done), and the high-water marks so far. */
interface PullCheckpoint {
  typeIndex: number;
  next: string | null;
  highWater: Record<string, string>;
}

/** The first search of a type: changed after the last successful run's high-water mark, oldest first, then the job's criteria. */
function firstPage(type: string, since: string | undefined, config: FhirPullSyncConfig): string {
  const query = new URLSearchParams(config.search[type] ?? '');
  if (since) query.append('_lastUpdated', `gt${since}`);
  query.set('_sort', '_lastUpdated');
  query.set('_count', String(config.pageSize));
  return `${type}?${query.toString()}`;
}

const later = (a: string | undefined, b: unknown): string | undefined => (typeof b === 'string' && (!a || Date.parse(b) > Date.parse(a)) ? b : a);

/**
 * `fhir-pull-sync`: copies the job's resource types from an upstream FHIR server into the local store.
 * Each type is searched with `_lastUpdated=gt<high-water>` (the newest lastUpdated of the last successful
 * run), page by page through the Bundle's `next` links, a checkpoint after each page; each resource is
 * reconciled with the local store (sync-reconcile.ts), a conflict settled by the type's strategy.
 */
export function createFhirPullSyncKind(deps: SyncKindDeps): IntegrationRunKind<FhirPullSyncConfig> {
  const reconciler = createReconciler(deps);
  return {
    kind: 'fhir-pull-sync',
    config: FhirPullSyncConfig,
    async run(ctx) {
      const { config } = ctx;
      const peer = createSyncPeer(deps.sender, syncDestination(config, (id) => deps.credentials(ctx.tenantId, id), ctx.jobId));
      const state = (ctx.jobState ?? { since: {} }) as PullJobState;
      const resumed = ctx.checkpoint as PullCheckpoint | null;
      const highWater: Record<string, string> = { ...state.since, ...resumed?.highWater };
      let done = 0;
      let conflictsOpened = false;
      for (let typeIndex = resumed?.typeIndex ?? 0; typeIndex < config.resourceTypes.length; typeIndex++) {
        const type = config.resourceTypes[typeIndex] as string;
        const strategy = config.conflictStrategy[type] ?? 'manual';
        let path: string | null = resumed && typeIndex === resumed.typeIndex && resumed.next ? resumed.next : firstPage(type, state.since[type], config);
        while (path) {
          if (ctx.signal.aborted) return;
          const page = await peer.page(path);
          ctx.count({ read: page.resources.length });
          for (const remote of page.resources) {
            const id = remote.id ?? '';
            try {
              const result = await reconciler.reconcile(
                { tenantId: ctx.tenantId, jobId: ctx.jobId, direction: 'pull', strategy, resourceType: type, id, local: deps.local.read(ctx.tenantId, type, id), remote: { resource: remote, version: versionOf(remote) } },
                peer,
              );
              countReconciled(ctx, result);
              conflictsOpened ||= result.outcome === 'manual';
            } catch (error) {
              recordFailure(ctx, `${type}/${id}`, error);
            }
            const newest = later(highWater[type], remote.meta?.lastUpdated);
            if (newest) highWater[type] = newest;
          }
          done += page.resources.length;
          ctx.progress(done, null);
          path = page.next;
          ctx.saveCheckpoint(path ? { typeIndex, next: path, highWater } : { typeIndex: typeIndex + 1, next: null, highWater });
        }
        ctx.log('info', `Pulled ${type} (high-water ${highWater[type] ?? 'none'})`);
      }
      if (conflictsOpened) deps.conflictsChanged();
      ctx.setJobState({ since: highWater } satisfies PullJobState);
    },
  };
}

const versionOf = (resource: ResourceJson): string | null => (typeof resource.meta?.versionId === 'string' ? resource.meta.versionId : null);
