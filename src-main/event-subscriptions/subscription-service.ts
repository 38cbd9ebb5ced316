import type { EventDelivery, EventSubscription, ParsedInputOf, eventSubscriptionOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { notFound } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../core/request-context';
import { assertUrlAllowed } from '../fetch/url-not-allowed';
import type { SecretCipher } from '../secrets/secret-cipher';
import type { EventDeliveryAttemptRow, EventDeliveryFilter, EventDeliveryRow, EventSubscriptionPatch, EventSubscriptionRow, EventSubscriptionsRepo } from '../store/event-subscriptions-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';

export interface EventSubscriptionServiceDeps {
  repo: EventSubscriptionsRepo;
  journal: JournalRepo;
  transact: Transact;
  cipher: SecretCipher;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
  /** Why a URL may not be saved (FetchPolicy.configuredRefusal): a link-local address, the engine's own port. */
  urlRefusal: (url: string) => string | undefined;
}

type CreateInput = ParsedInputOf<typeof eventSubscriptionOps.create>;
type UpdateInput = ParsedInputOf<typeof eventSubscriptionOps.update>;

const toDto = (r: EventSubscriptionRow): EventSubscription => ({
  id: r.id,
  tenantId: r.tenantId,
  name: r.name,
  eventTypes: r.eventTypes as EventSubscription['eventTypes'],
  url: r.targetUrl,
  hasSecret: true,
  filters: { connectorId: r.filterConnectorId, messageType: r.filterMessageType },
  status: r.status as EventSubscription['status'],
  version: r.version,
  createdAt: isoTime(r.createdAt),
  updatedAt: isoTime(r.updatedAt),
});

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

function deliveryDto(r: EventDeliveryRow, attempts: readonly EventDeliveryAttemptRow[]): EventDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscriptionId,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status as EventDelivery['status'],
    attemptCount: r.attemptCount,
    lastAttemptAt: isoOrNull(r.lastAttemptAt),
    nextAttemptAt: r.status === 'retrying' ? isoOrNull(r.nextAttemptAt) : null,
    deliveredAt: isoOrNull(r.deliveredAt),
    responseStatus: r.responseStatus,
    latencyMs: r.latencyMs,
    error: r.error,
    createdAt: isoTime(r.createdAt),
    attempts: attempts.map((a) => ({ number: a.attemptNumber, at: isoTime(a.startedAt), outcome: a.outcome as 'delivered' | 'failed', responseStatus: a.responseStatus, latencyMs: a.latencyMs, errorCode: a.errorCode })),
  };
}

/** EventSubscription CRUD and the deliveries list; the secret is stored encrypted and never leaves the engine through here. */
export function createEventSubscriptionService(deps: EventSubscriptionServiceDeps) {
  const { repo, journal, transact, cipher, ids, clock, changes } = deps;
  const load = (id: string, ctx: RequestContext): EventSubscriptionRow => {
    const row = repo.findById(id);
    if (!row) throw notFound('event_subscription', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };
  const write = <T>(ctx: RequestContext, id: string, action: string, work: () => T): T => {
    const result = transact(() => {
      const value = work();
      journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `event_subscription.${action}`, entityType: 'event_subscription', entityId: id }, clock.now());
      return value;
    });
    changes.publish({ topic: 'eventSubscriptions', id });
    return result;
  };

  return {
    list(ctx: RequestContext, filter: { status?: string | undefined }, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, filter, page);
      return { data: rows.map(toDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): EventSubscription => toDto(load(id, ctx)),
    create(ctx: RequestContext, input: CreateInput): EventSubscription {
      assertUrlAllowed('url', input.url, deps.urlRefusal);
      const now = clock.now();
      const id = ids('SUB');
      const row = write(ctx, id, 'create', () =>
        repo.insert({
          id,
          tenantId: ctx.tenantId,
          name: input.name,
          eventTypes: input.eventTypes,
          targetUrl: input.url,
          secretCipher: cipher.encrypt(input.secret),
          filterConnectorId: input.filters?.connectorId ?? null,
          filterMessageType: input.filters?.messageType ?? null,
          status: input.status,
          version: 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return toDto(row);
    },
    update(ctx: RequestContext, input: UpdateInput): EventSubscription {
      const current = load(input.id, ctx);
      // Only a changed URL is checked, so a subscription saved before a rule changed can still be paused or fixed.
      assertUrlAllowed('url', input.url, deps.urlRefusal);
      const patch: EventSubscriptionPatch = {
        updatedAt: clock.now(),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
        ...(input.url !== undefined ? { targetUrl: input.url } : {}),
        ...(input.secret !== undefined ? { secretCipher: cipher.encrypt(input.secret) } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.filters !== undefined ? { filterConnectorId: input.filters.connectorId ?? null, filterMessageType: input.filters.messageType ?? null } : {}),
      };
      const row = write(ctx, input.id, 'update', () => {
        const updated = repo.update(input.id, input.version, patch);
        if (!updated) throw versionConflict('event subscription', input.id, input.version, repo.findById(input.id)?.version ?? current.version);
        return updated;
      });
      return toDto(row);
    },
    remove(ctx: RequestContext, id: string): null {
      load(id, ctx);
      write(ctx, id, 'delete', () => repo.delete(id));
      changes.publish({ topic: 'eventDeliveries' });
      return null;
    },
    deliveries(ctx: RequestContext, filter: EventDeliveryFilter, page: PageRequest) {
      if (filter.subscriptionId) load(filter.subscriptionId, ctx);
      const { rows, total } = repo.deliveries(ctx.tenantId, filter, page);
      const attempts = new Map<string, EventDeliveryAttemptRow[]>();
      for (const a of repo.attemptsOf(rows.map((r) => r.id))) attempts.set(a.deliveryId, [...(attempts.get(a.deliveryId) ?? []), a]);
      return { data: rows.map((r) => deliveryDto(r, attempts.get(r.id) ?? [])), page: page.page, pageSize: page.pageSize, total };
    },
  };
}
export type EventSubscriptionService = ReturnType<typeof createEventSubscriptionService>;
