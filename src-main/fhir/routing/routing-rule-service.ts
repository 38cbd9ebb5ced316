import { routingRuleIssues, type ParsedInputOf, type RoutingRule, type routingRuleOps } from '../../../src-shared';
import type { ChangeFeed } from '../../core/change-events';
import { isoTime, type Clock } from '../../core/clock';
import { notFound, validationFailed } from '../../core/errors';
import { assertUrlAllowed } from '../../fetch/url-not-allowed';
import type { IdGenerator } from '../../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../../core/request-context';
import type { PageRequest } from '../../store/paged-list';
import type { JournalRepo } from '../../store/journal-repo';
import type { RoutingRuleRow, RoutingRulesRepo } from '../../store/routing-rules-repo';
import type { Transact } from '../../store/transact';

export interface RoutingRuleServiceDeps {
  repo: RoutingRulesRepo;
  journal: JournalRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
  /** Why a service URL may not be saved (FetchPolicy.configuredRefusal): a link-local address, the engine's own port. */
  urlRefusal: (url: string) => string | undefined;
}

const toDto = (r: RoutingRuleRow): RoutingRule => ({
  id: r.id,
  tenantId: r.tenantId,
  resourceType: r.resourceType,
  category: r.category,
  profile: r.profile,
  target: r.target as RoutingRule['target'],
  serviceUrl: r.serviceUrl,
  fanOut: r.fanOut,
  isPrimary: r.isPrimary,
  priority: r.priority,
  status: r.status as RoutingRule['status'],
  version: r.version,
  createdAt: isoTime(r.createdAt),
  updatedAt: isoTime(r.updatedAt),
});

/** FhirRoutingRule CRUD: which service owns a resource type (and category); one active primary per key. */
export function createRoutingRuleService(deps: RoutingRuleServiceDeps) {
  const { repo, journal, transact, ids, clock, changes } = deps;
  const load = (id: string, ctx: RequestContext): RoutingRuleRow => {
    const row = repo.findById(id);
    if (!row) throw notFound('routing_rule', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };
  const write = <T>(ctx: RequestContext, id: string, action: string, work: () => T): T => {
    const result = transact(() => {
      const value = work();
      journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `fhir_routing_rule.${action}`, entityType: 'fhir_routing_rule', entityId: id }, clock.now());
      return value;
    });
    changes.publish({ topic: 'fhirRoutingRules', id });
    return result;
  };

  return {
    list(ctx: RequestContext, filter: { resourceType?: string | undefined; status?: string | undefined }, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, filter, page);
      return { data: rows.map(toDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): RoutingRule => toDto(load(id, ctx)),
    create(ctx: RequestContext, input: ParsedInputOf<typeof routingRuleOps.create>): RoutingRule {
      assertUrlAllowed('serviceUrl', input.serviceUrl, deps.urlRefusal);
      const now = clock.now();
      const id = ids('RR');
      return toDto(write(ctx, id, 'create', () => repo.insert({ ...input, id, tenantId: ctx.tenantId, category: input.category ?? null, profile: input.profile ?? null, serviceUrl: input.serviceUrl ?? null, version: 1, createdAt: now, updatedAt: now })));
    },
    update(ctx: RequestContext, input: ParsedInputOf<typeof routingRuleOps.update>): RoutingRule {
      const current = load(input.id, ctx);
      const { id, version, ...fields } = input;
      const merged = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as RoutingRuleRow;
      const issues = routingRuleIssues(merged);
      if (issues.length > 0) throw validationFailed(issues);
      // Only a changed URL is checked here, so a rule saved before the check can still be fixed or deactivated.
      assertUrlAllowed('serviceUrl', fields.serviceUrl, deps.urlRefusal);
      return toDto(
        write(ctx, id, 'update', () => {
          const updated = repo.update(id, version, { ...fields, updatedAt: clock.now() });
          if (!updated) throw versionConflict('routing rule', id, version, repo.findById(id)?.version ?? current.version);
          return updated;
        }),
      );
    },
    remove(ctx: RequestContext, id: string): null {
      load(id, ctx);
      write(ctx, id, 'delete', () => repo.delete(id));
      return null;
    },
  };
}
export type RoutingRuleService = ReturnType<typeof createRoutingRuleService>;
