import type { InterfaceError, InterfaceErrorGroup, InterfaceErrorSource, InterfaceErrorStatus, ParsedInputOf, interfaceErrorOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import type { Clock } from '../core/clock';
import { AppError, notFound } from '../core/errors';
import { assertSameTenant, type RequestContext } from '../core/request-context';
import type { MessageService } from '../messages/message-service';
import type { OutboundService } from '../outbound/outbound-service';
import type { InterfaceErrorFilter, InterfaceErrorGroupRow, InterfaceErrorRow, InterfaceErrorsRepo, OpenErrorRef } from '../store/interface-errors-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';

type FilterInput = Omit<ParsedInputOf<typeof interfaceErrorOps.list>, 'page' | 'pageSize' | 'status'>;
type BulkInput = ParsedInputOf<typeof interfaceErrorOps.reprocessMatching>;
type Closed = Exclude<InterfaceErrorStatus, 'open'>;

/** More open errors than this in one bulk action must be narrowed by filter first. */
export const BULK_ACTION_LIMIT = 100_000;

export interface InterfaceErrorServiceDeps {
  repo: InterfaceErrorsRepo;
  /** Reprocess goes through the message log's own reprocess and the outbound item's requeue: one way each. */
  messages: Pick<MessageService, 'reprocess' | 'reprocessMany'>;
  outbound: Pick<OutboundService, 'requeue'>;
  journal: JournalRepo;
  transact: Transact;
  clock: Clock;
  changes: ChangeFeed;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const list = (text: string | null): string[] => (text ? text.split(',').sort() : []);

export function toInterfaceError(row: InterfaceErrorRow): InterfaceError {
  return {
    id: row.id,
    source: row.source as InterfaceErrorSource,
    connectorId: row.connectorId,
    messageId: row.messageId,
    runId: row.runId,
    outboundItemId: row.outboundItemId,
    record: row.record,
    code: row.code,
    message: row.message,
    causeKey: row.causeKey,
    cause: row.cause,
    status: row.status as InterfaceErrorStatus,
    createdAt: iso(row.createdAt),
    resolvedAt: row.resolvedAt === null ? null : iso(row.resolvedAt),
  };
}

function toGroup(row: InterfaceErrorGroupRow): InterfaceErrorGroup {
  return {
    causeKey: row.causeKey,
    cause: row.cause,
    code: row.code,
    sources: list(row.sources) as InterfaceErrorSource[],
    connectorIds: list(row.connectorIds),
    count: row.count,
    firstSeenAt: iso(row.firstSeenAt),
    lastSeenAt: iso(row.lastSeenAt),
    sampleErrorId: row.sampleErrorId,
  };
}

const toFilter = (input: FilterInput): Omit<InterfaceErrorFilter, 'status'> => ({
  connectorId: input.connectorId,
  code: input.code,
  causeKey: input.causeKey,
  source: input.source,
  from: input.from === undefined ? undefined : Date.parse(input.from),
  to: input.to === undefined ? undefined : Date.parse(input.to),
});

const notReprocessable = (id: string, reason: string): AppError =>
  new AppError('unprocessable', 'INTEROP_INTERFACE_ERROR_NOT_REPROCESSABLE', `Interface error ${id} cannot be reprocessed: ${reason}`, { id, reason });

/**
 * Interface errors for the operator: lists, groups by cause, and resolve / ignore / reprocess of one error or
 * of every open error a filter matches. Reprocess sends the message through processing again (the message
 * log's reprocess) or requeues the dead outbound item, then marks the error `reprocessed`; a new failure is
 * recorded as a new open error by whatever fails.
 */
export function createInterfaceErrorService(deps: InterfaceErrorServiceDeps) {
  const { repo, transact, clock, changes, journal } = deps;

  const load = (ctx: RequestContext, id: string): InterfaceErrorRow => {
    const row = repo.findById(id);
    if (!row) throw notFound('interface_error', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };
  const open = (ctx: RequestContext, id: string): InterfaceErrorRow => {
    const row = load(ctx, id);
    if (row.status !== 'open') throw new AppError('conflict', 'INTEROP_INTERFACE_ERROR_STATE', `Interface error ${id} is ${row.status}, not open`, { id, status: row.status });
    return row;
  };

  /** Marks errors closed with an audit entry; answers how many were still open. */
  const close = (ctx: RequestContext, ids: readonly string[], status: Closed, entityId: string, details?: Record<string, unknown>): number => {
    const now = clock.now();
    const changed = transact(() => {
      const n = repo.close(ids, status, now);
      if (n > 0) journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `interface_error.${status}`, entityType: 'interface_error', entityId, details: { count: n, ...details } }, now);
      return n;
    });
    if (changed > 0) changes.publish({ topic: 'interfaceErrors' });
    return changed;
  };

  const closeOne = (ctx: RequestContext, id: string, status: Closed): InterfaceError => {
    open(ctx, id);
    if (close(ctx, [id], status, id) === 0) open(ctx, id);
    return toInterfaceError(load(ctx, id));
  };

  /** The open errors a bulk action takes, checked against the limit and the count the operator confirmed. */
  const matching = (ctx: RequestContext, input: BulkInput): OpenErrorRef[] => {
    const found = repo.openMatching(ctx.tenantId, toFilter(input), BULK_ACTION_LIMIT + 1);
    if (found.length > BULK_ACTION_LIMIT) {
      throw new AppError('validation', 'INTEROP_INTERFACE_ERRORS_TOO_MANY', `More than ${BULK_ACTION_LIMIT} open errors match; narrow the filter`, { limit: BULK_ACTION_LIMIT });
    }
    if (input.expectedCount !== undefined && input.expectedCount !== found.length) {
      throw new AppError('conflict', 'INTEROP_INTERFACE_ERRORS_COUNT_CHANGED', `${found.length} open errors match now, not the ${input.expectedCount} you confirmed; review and confirm again`, { matched: found.length });
    }
    return found;
  };
  const filterDetails = (input: BulkInput): Record<string, unknown> => ({ filter: { ...input, expectedCount: undefined } });

  /** Requeues an error's dead outbound item; false when the item is not dead or skipped (it is on its way already). */
  const requeued = (ctx: RequestContext, itemId: string): boolean => {
    try {
      deps.outbound.requeue(ctx, itemId);
      return true;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'INTEROP_OUTBOUND_ITEM_STATE' || error.code === 'INTEROP_OUTBOUND_ITEM_NOT_FOUND')) return false;
      throw error;
    }
  };

  return {
    list(ctx: RequestContext, input: FilterInput & { status?: InterfaceErrorStatus | undefined }, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, { ...toFilter(input), status: input.status }, page);
      return { data: rows.map(toInterfaceError), page: page.page, pageSize: page.pageSize, total };
    },
    groups(ctx: RequestContext, input: FilterInput & { status: InterfaceErrorStatus }, page: PageRequest) {
      const { rows, total } = repo.groups(ctx.tenantId, { ...toFilter(input), status: input.status }, page);
      return { data: rows.map(toGroup), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string) => toInterfaceError(load(ctx, id)),
    resolve: (ctx: RequestContext, id: string) => closeOne(ctx, id, 'resolved'),
    ignore: (ctx: RequestContext, id: string) => closeOne(ctx, id, 'ignored'),

    reprocess(ctx: RequestContext, id: string): InterfaceError {
      const row = open(ctx, id);
      if (row.source === 'outbound' && row.outboundItemId !== null) {
        deps.outbound.requeue(ctx, row.outboundItemId);
      } else if (row.source === 'message' && row.messageId !== null) {
        // The error's id keys the attempt, so a retry after a failure here queues the message once.
        try {
          deps.messages.reprocess(ctx, row.messageId, id);
        } catch (error) {
          if (error instanceof AppError && error.code === 'INTEROP_MESSAGE_REFUSED_AT_INTAKE') throw notReprocessable(id, 'the message was refused at intake; the sender resends a corrected one');
          throw error;
        }
      } else {
        throw notReprocessable(id, row.source === 'message' ? 'no message was stored (the input never became one)' : `a ${row.source} record is sent again by running its ${row.source === 'run' ? 'job' : 'import'} again`);
      }
      close(ctx, [id], 'reprocessed', id);
      return toInterfaceError(load(ctx, id));
    },

    resolveMatching(ctx: RequestContext, input: BulkInput) {
      const found = matching(ctx, input);
      return { changed: close(ctx, found.map((e) => e.id), 'resolved', '*', filterDetails(input)), skipped: 0 };
    },
    ignoreMatching(ctx: RequestContext, input: BulkInput) {
      const found = matching(ctx, input);
      return { changed: close(ctx, found.map((e) => e.id), 'ignored', '*', filterDetails(input)), skipped: 0 };
    },

    /**
     * Every open error the filter matches whose message or dead item can go through again: the messages are
     * queued together (one transaction), each item requeued; those errors become `reprocessed`, the rest stay open.
     */
    reprocessMatching(ctx: RequestContext, input: BulkInput) {
      const found = matching(ctx, input);
      const messageErrors = found.filter((e) => e.source === 'message' && e.messageId !== null);
      const queued = new Set(deps.messages.reprocessMany(ctx, messageErrors.map((e) => e.messageId as string), 'interface_errors'));
      const sent = messageErrors.filter((e) => queued.has(e.messageId as string)).map((e) => e.id);
      for (const e of found) if (e.source === 'outbound' && e.outboundItemId !== null && requeued(ctx, e.outboundItemId)) sent.push(e.id);
      const changed = close(ctx, sent, 'reprocessed', '*', filterDetails(input));
      return { changed, skipped: found.length - changed };
    },
  };
}
export type InterfaceErrorService = ReturnType<typeof createInterfaceErrorService>;
