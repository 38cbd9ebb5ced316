import type { OutboundDestination, OutboundItem } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import { assertSameTenant, type RequestContext } from '../core/request-context';
import type { ConnectorsRepo } from '../store/connectors-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { DestinationSummaryRow, ItemAction, OutboundAttemptRow, OutboundItemFilter, OutboundItemRow, OutboundItemsRepo } from '../store/outbound-items-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';

/** What the drainer knows and is told beyond the rows: which destinations it cannot reach, and new work. */
export interface DeliveryState {
  /** Since when the destination has failed to be reached, every attempt in a row; undefined when it is not offline. */
  offlineSince(destination: string): number | undefined;
  /** Something became due (an operator's action): the drainer looks now. */
  wake(): void;
}

export interface OutboundServiceDeps {
  items: OutboundItemsRepo;
  connectors: Pick<ConnectorsRepo, 'findById'>;
  journal: JournalRepo;
  transact: Transact;
  delivery: DeliveryState;
  clock: Clock;
  changes: ChangeFeed;
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));
const LANES_SHOWN = 100;

const toAttemptDto = (a: OutboundAttemptRow) => ({
  id: a.id,
  startedAt: isoTime(a.startedAt),
  finishedAt: isoOrNull(a.finishedAt),
  outcome: a.outcome,
  ackCode: a.ackCode,
  errorCode: a.errorCode,
  error: a.error,
  latencyMs: a.latencyMs,
});

const toItemDto = (r: OutboundItemRow, attempts: readonly OutboundAttemptRow[]): OutboundItem => ({
  id: r.id,
  tenantId: r.tenantId,
  routeId: r.routeId,
  destinationConnectorId: r.destinationConnectorId,
  routingRuleId: r.routingRuleId,
  laneKey: r.laneKey,
  seq: r.seq,
  messageId: r.messageId,
  payloadKind: r.payloadKind as OutboundItem['payloadKind'],
  controlId: r.controlId,
  status: r.status as OutboundItem['status'],
  attemptCount: r.attemptCount,
  nextAttemptAt: isoOrNull(r.nextAttemptAt),
  lastErrorCode: r.lastErrorCode,
  lastError: r.lastError,
  ackCode: r.ackCode,
  deliveredAt: isoOrNull(r.deliveredAt),
  createdAt: isoTime(r.createdAt),
  updatedAt: isoTime(r.updatedAt),
  attempts: attempts.map(toAttemptDto),
});

/** The state a destination shows (see OutboundDestinationState in src-shared/outbound.ts). */
function stateOf(row: DestinationSummaryRow, offlineSince: number | undefined): { state: OutboundDestination['state']; since: number | null } {
  if (row.pausedAt !== null) return { state: 'paused', since: row.pausedAt };
  if (row.connectorStatus !== 'active') return { state: 'inactive', since: null };
  if (offlineSince !== undefined) return { state: 'offline', since: offlineSince };
  if (row.nextRetryAt !== null) return { state: 'retrying', since: null };
  return { state: row.depth > 0 ? 'sending' : 'idle', since: null };
}

/** The operator's view of outbound delivery and its controls: lanes per destination, items with attempts, pause/resume, retry now, skip, requeue. */
export function createOutboundService(deps: OutboundServiceDeps) {
  const { items, clock } = deps;

  const destinationDto = (row: DestinationSummaryRow, now: number): OutboundDestination => {
    const key = row.destinationConnectorId ?? row.routingRuleId ?? '';
    const { state, since } = stateOf(row, deps.delivery.offlineSince(key));
    return {
      destinationConnectorId: row.destinationConnectorId,
      routingRuleId: row.routingRuleId,
      name: row.name,
      protocol: row.protocol,
      state,
      since: isoOrNull(since),
      paused: row.pausedAt !== null,
      depth: row.depth,
      oldestItemAt: isoOrNull(row.oldestAt),
      oldestItemAgeMs: row.oldestAt === null ? null : Math.max(0, now - row.oldestAt),
      lastErrorCode: row.lastErrorCode,
      lastError: row.lastError,
      nextRetryAt: isoOrNull(row.nextRetryAt),
      dead: row.dead,
      lanes: items.lanesOf(key, LANES_SHOWN).map((l) => ({ ...l, headStatus: l.headStatus as OutboundItem['status'] | null, nextAttemptAt: isoOrNull(l.nextAttemptAt) })),
    };
  };

  const destination = (ctx: RequestContext, id: string): OutboundDestination => {
    const connector = deps.connectors.findById(id);
    if (!connector) throw notFound('connector', id);
    assertSameTenant(connector.tenantId, ctx);
    const [row] = items.destinations(ctx.tenantId, id);
    if (!row) throw validationFailed([{ path: 'id', message: 'must be an outbound connector' }]);
    return destinationDto(row, clock.now());
  };

  const withAttempts = (row: OutboundItemRow): OutboundItem => toItemDto(row, items.attemptsOf([row.id]).get(row.id) ?? []);

  const act = (ctx: RequestContext, id: string, name: string, run: (now: number) => ItemAction): OutboundItem => {
    const before = items.findById(id);
    if (!before) throw notFound('outbound_item', id);
    assertSameTenant(before.tenantId, ctx);
    const now = clock.now();
    const done = deps.transact(() => {
      const result = run(now);
      if (result?.ok) deps.journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `outbound_item.${name}`, entityType: 'outbound_item', entityId: id }, now);
      return result;
    });
    if (!done) throw notFound('outbound_item', id);
    if (!done.ok) throw new AppError('conflict', 'INTEROP_OUTBOUND_ITEM_STATE', `Outbound item ${id} is ${done.status}; ${name} does not apply`, { id, status: done.status });
    deps.changes.publish({ topic: 'outboundItems', id });
    deps.delivery.wake();
    return withAttempts(done.item);
  };

  const setPaused = (ctx: RequestContext, id: string, paused: boolean): OutboundDestination => {
    destination(ctx, id);
    const now = clock.now();
    deps.transact(() => {
      if (paused) items.pause(ctx.tenantId, id, now);
      else items.resume(id);
      deps.journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: paused ? 'connector.pause_delivery' : 'connector.resume_delivery', entityType: 'connector', entityId: id }, now);
    });
    deps.changes.publish({ topic: 'outbound', id });
    if (!paused) deps.delivery.wake();
    return destination(ctx, id);
  };

  return {
    lanes(ctx: RequestContext, destinationConnectorId: string | undefined): { data: OutboundDestination[] } {
      const now = clock.now();
      return { data: items.destinations(ctx.tenantId, destinationConnectorId).map((row) => destinationDto(row, now)) };
    },
    items(ctx: RequestContext, filter: OutboundItemFilter, page: PageRequest) {
      const { rows, total } = items.list(ctx.tenantId, filter, page);
      const attempts = items.attemptsOf(rows.map((r) => r.id));
      return { data: rows.map((r) => toItemDto(r, attempts.get(r.id) ?? [])), page: page.page, pageSize: page.pageSize, total };
    },
    pause: (ctx: RequestContext, id: string) => setPaused(ctx, id, true),
    resume: (ctx: RequestContext, id: string) => setPaused(ctx, id, false),
    retryNow: (ctx: RequestContext, id: string) => act(ctx, id, 'retry_now', (now) => items.retryNow(id, now)),
    skip: (ctx: RequestContext, id: string) => act(ctx, id, 'skip', (now) => items.skip(id, now)),
    requeue: (ctx: RequestContext, id: string) => act(ctx, id, 'requeue', (now) => items.requeue(id, now)),
  };
}
export type OutboundService = ReturnType<typeof createOutboundService>;
