import type { SyncConflict, SyncConflictChoice, SyncConflictDetail } from '../../src-shared/sync';
import type { ChangeFeed } from '../core/change-events';
import { AppError, notFound } from '../core/errors';
import type { RequestContext } from '../core/request-context';
import { assertSameTenant } from '../core/request-context';
import type { JournalRepo } from '../store/journal-repo';
import type { PageRequest } from '../store/paged-list';
import type { SyncConflictFilter, SyncConflictRow } from '../store/sync-conflicts-repo';
import type { SyncKindDeps } from './sync-kind-deps';
import type { ResourceJson } from './sync-content';
import { syncDestination } from './sync-destination';
import { createSyncPeer } from './sync-peer';
import { createReconciler } from './sync-reconcile';

export interface SyncConflictServiceDeps extends Omit<SyncKindDeps, 'conflictsChanged'> {
  /** The config of the sync job a conflict came from (its server URL and connector), undefined when the job is gone. */
  jobConfig: (jobId: string) => { serverUrl: string; connectorId?: string | undefined } | undefined;
  journal: Pick<JournalRepo, 'appendAudit'>;
  changes: ChangeFeed;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toDto(row: SyncConflictRow): SyncConflict {
  return {
    id: row.id,
    jobId: row.jobId,
    serverUrl: row.peer,
    direction: row.direction as SyncConflict['direction'],
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    status: row.status as SyncConflict['status'],
    localVersion: row.localVersion,
    remoteVersion: row.remoteVersion,
    differingFields: row.differingFields,
    detectedAt: iso(row.detectedAt) as string,
    resolvedAt: iso(row.resolvedAt),
    resolvedBy: row.resolvedBy,
    resolution: row.resolution as SyncConflictChoice | null,
  };
}
const toDetail = (row: SyncConflictRow): SyncConflictDetail => ({ ...toDto(row), local: (row.local as SyncConflictDetail['local']) ?? null, remote: (row.remote as SyncConflictDetail['remote']) ?? null });

const notOpen = (id: string): AppError => new AppError('conflict', 'SYNC_CONFLICT_NOT_OPEN', `Sync conflict ${id} is already resolved`, { id });

/**
 * The conflict inbox: conflicts a sync left for an operator, and their resolution. The chosen content is
 * written to each side that does not have it — the upstream with If-Match on the version the conflict
 * showed, the local store over the local version it showed — so a side changed again meanwhile is not
 * overwritten (412 SYNC_UPSTREAM_CHANGED / SYNC_LOCAL_CHANGED; the next run refreshes the conflict). The
 * resolution is audited with the choice, never the content.
 */
export function createSyncConflictService(deps: SyncConflictServiceDeps) {
  const reconciler = createReconciler(deps);
  const load = (ctx: RequestContext, id: string): SyncConflictRow => {
    const row = deps.conflicts.findById(id);
    if (!row) throw notFound('sync_conflict', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };

  function chosenContent(row: SyncConflictRow, choice: SyncConflictChoice, edited: ResourceJson | undefined): ResourceJson {
    const side = choice === 'local' ? row.local : choice === 'remote' ? row.remote : edited;
    if (choice === 'edited' && (!edited || edited.resourceType !== row.resourceType || (edited.id !== undefined && edited.id !== row.resourceId))) {
      throw new AppError('validation', 'SYNC_CONFLICT_EDIT_INVALID', `An edited resolution needs a ${row.resourceType} with id ${row.resourceId}`, { fields: { resource: [`must be a ${row.resourceType} with id ${row.resourceId}`] } });
    }
    if (!side) throw new AppError('unprocessable', 'SYNC_CONFLICT_SIDE_MISSING', `The ${choice} side does not have ${row.resourceType}/${row.resourceId}; choose the other side or edit`, { choice });
    return { ...(side as ResourceJson), id: row.resourceId };
  }

  return {
    list(ctx: RequestContext, filter: SyncConflictFilter, page: PageRequest) {
      const { rows, total } = deps.conflicts.list(ctx.tenantId, filter, page);
      return { data: rows.map(toDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): SyncConflictDetail => toDetail(load(ctx, id)),

    async resolve(ctx: RequestContext, input: { id: string; choice: SyncConflictChoice; resource?: Record<string, unknown> | undefined }): Promise<SyncConflictDetail> {
      const row = load(ctx, input.id);
      if (row.status !== 'open') throw notOpen(row.id);
      const content = chosenContent(row, input.choice, input.resource as ResourceJson | undefined);
      const config = deps.jobConfig(row.jobId);
      if (!config) throw new AppError('unprocessable', 'SYNC_JOB_GONE', `The sync job ${row.jobId} of this conflict no longer exists, so its upstream is unknown`, { jobId: row.jobId });
      const peer = createSyncPeer(deps.sender, syncDestination(config, (id) => deps.credentials(ctx.tenantId, id), row.jobId));
      const pair = {
        tenantId: row.tenantId,
        jobId: row.jobId,
        direction: row.direction as 'pull' | 'push',
        strategy: 'manual' as const,
        resourceType: row.resourceType,
        id: row.resourceId,
        local: (row.local as ResourceJson | null) ?? undefined,
        remote: row.remote ? { resource: row.remote as ResourceJson, version: row.remoteVersion } : undefined,
      };
      // Claimed first, so two resolutions of one conflict never both write; reopened when the writes fail.
      if (!deps.conflicts.resolve(row.id, { resolvedAt: deps.clock.now(), resolvedBy: ctx.actor, resolution: input.choice })) throw notOpen(row.id);
      try {
        await reconciler.settle(pair, peer, content, true, row.localVersion ?? undefined);
      } catch (error) {
        deps.conflicts.reopen(row.id);
        throw error;
      }
      deps.journal.appendAudit(
        { tenantId: ctx.tenantId, actor: ctx.actor, action: 'sync_conflict.resolve', entityType: 'sync_conflict', entityId: row.id, details: { choice: input.choice, resourceType: row.resourceType, resourceId: row.resourceId } },
        deps.clock.now(),
      );
      deps.changes.publish({ topic: 'syncConflicts', id: row.id });
      return toDetail(deps.conflicts.findById(row.id) as SyncConflictRow);
    },
  };
}
export type SyncConflictService = ReturnType<typeof createSyncConflictService>;
