import type { ExternalSystem, ParsedInputOf, externalSystemOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { notFound } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../core/request-context';
import type { PageRequest } from '../store/paged-list';
import type { ExternalSystemFilter, ExternalSystemRow, ExternalSystemsRepo } from '../store/external-systems-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { Transact } from '../store/transact';

type CreateInput = ParsedInputOf<typeof externalSystemOps.create>;
type UpdateInput = ParsedInputOf<typeof externalSystemOps.update>;

export interface ExternalSystemServiceDeps {
  repo: ExternalSystemsRepo;
  journal: JournalRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
}

const toDto = (row: ExternalSystemRow): ExternalSystem => ({
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  kind: row.kind as ExternalSystem['kind'],
  description: row.description,
  contact: row.contact,
  status: row.status as ExternalSystem['status'],
  version: row.version,
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
});

export function createExternalSystemService(deps: ExternalSystemServiceDeps) {
  const { repo, journal, transact, ids, clock, changes } = deps;

  function load(id: string, ctx: RequestContext): ExternalSystemRow {
    const row = repo.findById(id);
    if (!row) throw notFound('external_system', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  }

  function write<T>(id: string, ctx: RequestContext, action: string, work: () => T): T {
    const result = transact(() => {
      const value = work();
      journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `external_system.${action}`, entityType: 'external_system', entityId: id }, clock.now());
      return value;
    });
    changes.publish({ topic: 'externalSystems', id });
    return result;
  }

  return {
    list(ctx: RequestContext, filter: ExternalSystemFilter, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, filter, page);
      return { data: rows.map(toDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): ExternalSystem => toDto(load(id, ctx)),
    create(ctx: RequestContext, input: CreateInput): ExternalSystem {
      const now = clock.now();
      const id = ids('EXT');
      const row = write(id, ctx, 'create', () =>
        repo.insert({ id, tenantId: ctx.tenantId, name: input.name, kind: input.kind, description: input.description ?? null, contact: input.contact ?? null, status: input.status ?? 'active', version: 1, createdAt: now, updatedAt: now }),
      );
      return toDto(row);
    },
    update(ctx: RequestContext, input: UpdateInput): ExternalSystem {
      const current = load(input.id, ctx);
      const { id, version, ...fields } = input;
      const row = write(id, ctx, 'update', () => {
        const updated = repo.update(id, version, { ...fields, updatedAt: clock.now() });
        if (!updated) throw versionConflict('external system', id, version, repo.findById(id)?.version ?? current.version);
        return updated;
      });
      return toDto(row);
    },
    remove(ctx: RequestContext, id: string): null {
      load(id, ctx);
      write(id, ctx, 'delete', () => repo.delete(id));
      return null;
    },
  };
}
export type ExternalSystemService = ReturnType<typeof createExternalSystemService>;
