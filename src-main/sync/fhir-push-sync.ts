import { AppError } from '../core/errors';
import { FhirPushSyncConfig, type ConflictStrategy } from '../../src-shared/sync';
import type { IntegrationRunKind, RunContext } from '../jobs/run-kind';
import { contentHash } from './sync-content';
import type { SyncKindDeps } from './sync-kind-deps';
import { syncDestination } from './sync-destination';
import { createSyncPeer, type SyncPeer } from './sync-peer';
import { createReconciler, type Reconciled } from './sync-reconcile';
import { countReconciled, recordFailure } from './sync-run-record';

/** Kept from one successful run to the next: per resource type, the newest local lastUpdated pushed (epoch ms). */
interface PushJobState {
  since: Record<string, number>;
}

/** Saved after every page of the local history: which type, how far into its changes, and the high-water marks so far. */
interface PushCheckpoint {
  typeIndex: number;
  offset: number;
  highWater: Record<string, number>;
}

/**
 * `fhir-push-sync`: sends the local store's changes of the job's resource types (its history since the
 * last successful run) to the upstream FHIR server through the outbound FHIR REST sender. A resource
 * synced before is written with If-Match on the upstream version it was synced at, so an upstream change
 * made meanwhile answers 412 and is reconciled as a conflict by the type's strategy; one never synced is
 * compared with what the upstream has first. Deletions are not pushed.
 */
export function createFhirPushSyncKind(deps: SyncKindDeps): IntegrationRunKind<FhirPushSyncConfig> {
  const reconciler = createReconciler(deps);

  async function pushOne(ctx: RunContext, peer: SyncPeer, type: string, id: string, strategy: ConflictStrategy): Promise<Reconciled | undefined> {
    const local = deps.local.read(ctx.tenantId, type, id);
    if (!local) return undefined;
    const base = { tenantId: ctx.tenantId, jobId: ctx.jobId, direction: 'push' as const, strategy, resourceType: type, id, local };
    const state = deps.states.find({ tenantId: ctx.tenantId, peer: peer.url, resourceType: type, resourceId: id });
    if (state && state.contentHash === contentHash(local)) return { outcome: 'skipped', conflict: false };
    if (state) {
      try {
        await reconciler.settle({ ...base, remote: { resource: { ...state.content, resourceType: type, id }, version: state.remoteVersion } }, peer, local, true);
        return { outcome: 'written', conflict: false };
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'SYNC_UPSTREAM_CHANGED')) throw error;
      }
    }
    return reconciler.reconcile({ ...base, remote: await peer.read(type, id) }, peer);
  }

  return {
    kind: 'fhir-push-sync',
    config: FhirPushSyncConfig,
    async run(ctx) {
      const { config } = ctx;
      const peer = createSyncPeer(deps.sender, syncDestination(config, (id) => deps.credentials(ctx.tenantId, id), ctx.jobId));
      const state = (ctx.jobState ?? { since: {} }) as PushJobState;
      const resumed = ctx.checkpoint as PushCheckpoint | null;
      const highWater: Record<string, number> = { ...state.since, ...resumed?.highWater };
      let conflictsOpened = false;
      for (let typeIndex = resumed?.typeIndex ?? 0; typeIndex < config.resourceTypes.length; typeIndex++) {
        const type = config.resourceTypes[typeIndex] as string;
        const strategy = config.conflictStrategy[type] ?? 'manual';
        const seen = new Set<string>();
        let offset = resumed && typeIndex === resumed.typeIndex ? resumed.offset : 0;
        for (;;) {
          if (ctx.signal.aborted) return;
          const page = deps.local.changedSince(ctx.tenantId, type, state.since[type] ?? 0, config.pageSize, offset);
          for (const change of page.changes) {
            highWater[type] = Math.max(highWater[type] ?? 0, change.lastUpdated);
            if (seen.has(change.id)) continue;
            seen.add(change.id);
            ctx.count({ read: 1 });
            try {
              const result = await pushOne(ctx, peer, type, change.id, strategy);
              if (result) countReconciled(ctx, result);
              else ctx.count({ skipped: 1 });
              conflictsOpened ||= result?.outcome === 'manual';
            } catch (error) {
              recordFailure(ctx, `${type}/${change.id}`, error);
            }
          }
          offset += page.changes.length;
          ctx.progress(offset, page.total);
          const finished = page.changes.length === 0 || offset >= page.total;
          ctx.saveCheckpoint(finished ? { typeIndex: typeIndex + 1, offset: 0, highWater } : { typeIndex, offset, highWater });
          if (finished) break;
        }
        ctx.log('info', `Pushed ${type}`);
      }
      if (conflictsOpened) deps.conflictsChanged();
      ctx.setJobState({ since: highWater } satisfies PushJobState);
    },
  };
}
