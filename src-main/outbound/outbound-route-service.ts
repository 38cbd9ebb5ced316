import type { OutboundPayloadSpec, OutboundRoute, OutboundRouteFilter, ParsedInputOf, outboundRouteOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../core/request-context';
import { parsePath } from '../hl7';
import type { ConnectorsRepo } from '../store/connectors-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { OutboundRouteRow, OutboundRoutesRepo } from '../store/outbound-routes-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';

export interface OutboundRouteServiceDeps {
  repo: OutboundRoutesRepo;
  connectors: Pick<ConnectorsRepo, 'findById'>;
  /** Throws when no FHIR → HL7 profile of the tenant has the id (the mapping profile service's `named`). */
  fhirProfile: (ctx: RequestContext, id: string) => unknown;
  journal: JournalRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
}

export const toOutboundRouteDto = (r: OutboundRouteRow): OutboundRoute => ({
  id: r.id,
  tenantId: r.tenantId,
  name: r.name,
  sourceConnectorId: r.sourceConnectorId,
  destinationConnectorId: r.destinationConnectorId,
  filter: r.filter as OutboundRouteFilter,
  payload: r.payload as OutboundPayloadSpec,
  laneBy: r.laneBy as OutboundRoute['laneBy'],
  enabled: r.enabled,
  version: r.version,
  createdAt: isoTime(r.createdAt),
  updatedAt: isoTime(r.updatedAt),
});

type RouteShape = Pick<OutboundRoute, 'sourceConnectorId' | 'destinationConnectorId' | 'filter' | 'payload'>;

/** Outbound routes: an inbound connector's processed messages to an outbound connector, filtered, as raw HL7, profiled HL7 or the Bundle. */
export function createOutboundRouteService(deps: OutboundRouteServiceDeps) {
  const { repo, journal, transact, ids, clock, changes } = deps;
  const load = (id: string, ctx: RequestContext): OutboundRouteRow => {
    const row = repo.findById(id);
    if (!row) throw notFound('outbound_route', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };

  /** Source an inbound (or bidirectional) connector, destination an outbound one, the condition's path readable, the profile known. */
  const check = (ctx: RequestContext, route: RouteShape): void => {
    const issues: { path: string; message: string }[] = [];
    const source = deps.connectors.findById(route.sourceConnectorId);
    if (!source || source.tenantId !== ctx.tenantId) issues.push({ path: 'sourceConnectorId', message: 'no connector has that id' });
    else if (source.direction === 'outbound') issues.push({ path: 'sourceConnectorId', message: 'must be an inbound connector' });
    const destination = deps.connectors.findById(route.destinationConnectorId);
    if (!destination || destination.tenantId !== ctx.tenantId) issues.push({ path: 'destinationConnectorId', message: 'no connector has that id' });
    else if (destination.direction !== 'outbound') issues.push({ path: 'destinationConnectorId', message: 'must be an outbound connector' });
    else if (destination.protocol === 'mllp' && route.payload.kind === 'fhir-bundle') issues.push({ path: 'payload.kind', message: 'an MLLP destination takes HL7 v2: raw or hl7-profile' });
    else if (destination.protocol === 'fhir-rest' && route.payload.kind !== 'fhir-bundle') issues.push({ path: 'payload.kind', message: 'a FHIR REST destination takes FHIR: fhir-bundle' });
    const path = route.filter.condition?.path;
    if (path !== undefined) {
      try {
        parsePath(path);
      } catch {
        issues.push({ path: 'filter.condition.path', message: 'must be an HL7 path such as PID-3.1 or MSH-4' });
      }
    }
    if (route.payload.kind === 'hl7-profile') {
      try {
        deps.fhirProfile(ctx, route.payload.profileId);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        issues.push({ path: 'payload.profileId', message: error.kind === 'not_found' ? 'no FHIR mapping profile has that id' : error.message });
      }
    }
    if (issues.length > 0) throw validationFailed(issues);
  };

  const write = <T>(ctx: RequestContext, id: string, action: string, work: () => T): T => {
    const result = transact(() => {
      const value = work();
      journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `outbound_route.${action}`, entityType: 'outbound_route', entityId: id }, clock.now());
      return value;
    });
    changes.publish({ topic: 'outboundRoutes', id });
    return result;
  };

  return {
    list(ctx: RequestContext, filter: { sourceConnectorId?: string | undefined; destinationConnectorId?: string | undefined }, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, filter, page);
      return { data: rows.map(toOutboundRouteDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): OutboundRoute => toOutboundRouteDto(load(id, ctx)),
    create(ctx: RequestContext, input: ParsedInputOf<typeof outboundRouteOps.create>): OutboundRoute {
      check(ctx, input);
      const now = clock.now();
      const id = ids('ORT');
      return toOutboundRouteDto(write(ctx, id, 'create', () => repo.insert({ ...input, id, tenantId: ctx.tenantId, version: 1, createdAt: now, updatedAt: now })));
    },
    update(ctx: RequestContext, input: ParsedInputOf<typeof outboundRouteOps.update>): OutboundRoute {
      const current = load(input.id, ctx);
      const { id, version, ...fields } = input;
      const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as typeof fields;
      check(ctx, { ...toOutboundRouteDto(current), ...patch });
      return toOutboundRouteDto(
        write(ctx, id, 'update', () => {
          const updated = repo.update(id, version, { ...patch, updatedAt: clock.now() });
          if (!updated) throw versionConflict('outbound route', id, version, repo.findById(id)?.version ?? current.version);
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
export type OutboundRouteService = ReturnType<typeof createOutboundRouteService>;
