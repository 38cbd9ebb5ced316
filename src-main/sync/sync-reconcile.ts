import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { SyncConflictsRepo } from '../store/sync-conflicts-repo';
import type { SyncStatesRepo } from '../store/sync-states-repo';
import type { ConflictStrategy } from '../../src-shared/sync';
import { decideConflict } from './conflict-strategy';
import type { LocalFhirStore } from './local-store';
import type { RemoteResource, SyncPeer } from './sync-peer';
import { contentHash, contentOf, differingFields, type ResourceJson } from './sync-content';

const upstreamChanged = (pair: Pick<ResourcePair, 'resourceType' | 'id'>): AppError =>
  new AppError('precondition_failed', 'SYNC_UPSTREAM_CHANGED', `The upstream changed ${pair.resourceType}/${pair.id} again since it was read; the next run compares it anew`, { resourceType: pair.resourceType, id: pair.id });

export type SyncDirection = 'pull' | 'push';

/** One resource as both sides have it now. */
export interface ResourcePair {
  tenantId: string;
  jobId: string;
  direction: SyncDirection;
  strategy: ConflictStrategy;
  resourceType: string;
  id: string;
  local: ResourceJson | undefined;
  remote: RemoteResource | undefined;
}

/** What became of a resource: written to a side, nothing to do, or left open in the inbox; `conflict` when both sides had changed. */
export interface Reconciled {
  outcome: 'written' | 'skipped' | 'manual';
  conflict: boolean;
}

export interface ReconcileDeps {
  states: SyncStatesRepo;
  conflicts: SyncConflictsRepo;
  local: LocalFhirStore;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Brings one resource to agreement between the local store and an upstream server, against the content
 * both had at the last sync (sync_states): a side whose content hashes otherwise has changed. Only the
 * source's changes move (a pull never writes the upstream on its own; a push writes it, with If-Match on
 * its version). Both sides changed: the job's strategy for the type decides, `manual` opens a conflict.
 */
export function createReconciler(deps: ReconcileDeps) {
  const { states, conflicts, local, clock } = deps;

  /** Remembers `remote` as the agreed content; `localVersion` is the local store's version that has it (null when the local side still differs). */
  function remember(pair: ResourcePair, peer: SyncPeer, remote: RemoteResource, localVersion: number | null): void {
    states.save({
      tenantId: pair.tenantId,
      peer: peer.url,
      resourceType: pair.resourceType,
      resourceId: pair.id,
      remoteVersion: remote.version,
      remoteLastUpdated: typeof remote.resource.meta?.lastUpdated === 'string' ? remote.resource.meta.lastUpdated : null,
      contentHash: contentHash(remote.resource),
      content: contentOf(remote.resource),
      localVersion,
      jobId: pair.jobId,
      syncedAt: clock.now(),
    });
  }

  /**
   * Makes `content` what each side holds: the upstream written (If-Match on the version read; a 412 is
   * SYNC_UPSTREAM_CHANGED) when it differs and the direction may write it — else the upstream's content
   * stays the agreed one and the local difference waits for a push — then the local store when it differs
   * (`localIfMatch`: only over that version). Answers whether anything was written.
   */
  async function settle(pair: ResourcePair, peer: SyncPeer, content: ResourceJson, writeRemote: boolean, localIfMatch?: number): Promise<boolean> {
    const hash = contentHash(content);
    let wrote = false;
    let remote = pair.remote;
    if (writeRemote && (!remote || contentHash(remote.resource) !== hash)) {
      const put = await peer.put({ ...contentOf(content), id: pair.id }, remote?.version ?? null);
      if ('preconditionFailed' in put) throw upstreamChanged(pair);
      remote = put.written;
      wrote = true;
    }
    let localVersion = pair.local && contentHash(pair.local) === hash ? Number(pair.local.meta?.versionId) : null;
    if (localVersion === null) {
      localVersion = local.write(pair.tenantId, { ...contentOf(content), id: pair.id }, localIfMatch);
      wrote = true;
    }
    if (remote) remember(pair, peer, remote, localVersion);
    return wrote;
  }

  function openConflict(pair: ResourcePair, peer: SyncPeer, fields: string[]): void {
    conflicts.open({
      id: deps.ids('SCF'),
      tenantId: pair.tenantId,
      jobId: pair.jobId,
      peer: peer.url,
      direction: pair.direction,
      resourceType: pair.resourceType,
      resourceId: pair.id,
      local: pair.local ?? null,
      remote: pair.remote?.resource ?? null,
      localVersion: pair.local?.meta?.versionId ? Number(pair.local.meta.versionId) : null,
      remoteVersion: pair.remote?.version ?? null,
      differingFields: fields,
      detectedAt: clock.now(),
    });
  }

  return {
    settle,

    async reconcile(pair: ResourcePair, peer: SyncPeer): Promise<Reconciled> {
      const state = states.find({ tenantId: pair.tenantId, peer: peer.url, resourceType: pair.resourceType, resourceId: pair.id });
      const changed = (resource: ResourceJson | undefined): boolean => resource !== undefined && (!state || contentHash(resource) !== state.contentHash);
      const localRes = pair.local;
      const remoteRes = pair.remote?.resource;
      if (localRes && remoteRes && contentHash(localRes) === contentHash(remoteRes)) {
        remember(pair, peer, pair.remote as RemoteResource, Number(localRes.meta?.versionId));
        return { outcome: 'skipped', conflict: false };
      }
      const [source, dest] = pair.direction === 'pull' ? [remoteRes, localRes] : [localRes, remoteRes];
      if (!source || !changed(source)) return { outcome: 'skipped', conflict: false };
      const writeRemote = pair.direction === 'push';
      if (!dest || !changed(dest)) return { outcome: (await settle(pair, peer, source, writeRemote)) ? 'written' : 'skipped', conflict: false };
      if (conflicts.openFor(pair.tenantId, peer.url, pair.resourceType, pair.id)) {
        openConflict(pair, peer, differingFields(source, dest));
        return { outcome: 'manual', conflict: true };
      }
      const decision = decideConflict(pair.strategy, { base: state?.content as ResourceJson | undefined, source, dest });
      if (decision.take === 'manual') {
        openConflict(pair, peer, decision.differingFields);
        return { outcome: 'manual', conflict: true };
      }
      const content = decision.take === 'merged' ? decision.content : decision.take === 'source' ? source : dest;
      return { outcome: (await settle(pair, peer, content, writeRemote)) ? 'written' : 'skipped', conflict: true };
    },
  };
}
export type Reconciler = ReturnType<typeof createReconciler>;
