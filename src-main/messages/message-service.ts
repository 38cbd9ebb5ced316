import type { ParsedInputOf, messageOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import type { Clock } from '../core/clock';
import { AppError, notFound } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, type RequestContext } from '../core/request-context';
import { decodeHl7, maskPhi } from '../hl7';
import type { Hl7MessageRow, Hl7MessagesRepo, MessageFilter } from '../store/hl7-messages-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { Transact } from '../store/transact';
import { MAX_PAGE_WINDOW } from '../../src-shared/messages';
import { ftsQuery } from './fts-query';
import { withHl7Errors } from './hl7-failure';
import { decodeLogCursor, encodeLogCursor } from './log-cursor';
import { toAttempt, toDetail, toLink, toSummary } from './message-dto';
import { segmentsView } from './segments-view';

type FilterInput = ParsedInputOf<typeof messageOps.list>;

export interface MessageServiceDeps {
  repo: Hl7MessagesRepo;
  journal: JournalRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
  /** Wakes the processing worker. */
  notifyProcessing: () => void;
}

/** More than this many messages in one bulk reprocess must be narrowed by filter first. */
export const BULK_REPROCESS_LIMIT = 100_000;

export function toMessageFilter(input: Omit<FilterInput, 'page' | 'pageSize' | 'cursor'>): MessageFilter {
  return {
    connectorId: input.connectorId,
    messageType: input.messageType,
    status: input.status,
    accepted: input.accepted,
    from: input.from === undefined ? undefined : Date.parse(input.from),
    to: input.to === undefined ? undefined : Date.parse(input.to),
    match: input.q ? ftsQuery(input.q) : undefined,
  };
}

export function createMessageService(deps: MessageServiceDeps) {
  const { repo, journal, transact, ids, clock, changes } = deps;

  function load(id: string, ctx: RequestContext): Hl7MessageRow {
    const row = repo.findById(id);
    if (!row) throw notFound('hl7_message', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  }

  /** Why a message cannot be queued for reprocessing now, if it cannot. */
  function refusal(row: Hl7MessageRow): AppError | undefined {
    if (!row.accepted) {
      return new AppError('conflict', 'INTEROP_MESSAGE_REFUSED_AT_INTAKE', `Message ${row.id} was refused when it arrived (answered ${row.ackCode ?? 'with a rejection'}); it is kept as received and is not processed — the sender resends a corrected message`, { errorCode: row.errorCode });
    }
    if (row.status === 'pending' || row.status === 'processing') {
      return new AppError('conflict', 'INTEROP_MESSAGE_ALREADY_QUEUED', `Message ${row.id} is already ${row.status}`, { status: row.status });
    }
    return undefined;
  }

  return {
    list(ctx: RequestContext, input: FilterInput) {
      const filter = toMessageFilter(input);
      const { page, pageSize } = input;
      const after = input.cursor === undefined ? undefined : decodeLogCursor(input.cursor);
      const offset = (page - 1) * pageSize;
      if (!after && offset + pageSize > MAX_PAGE_WINDOW) {
        throw new AppError('validation', 'INTEROP_PAGE_TOO_DEEP', `Pages reach the first ${MAX_PAGE_WINDOW} messages; follow nextCursor to read further`, { maxRows: MAX_PAGE_WINDOW });
      }
      if (input.q && !filter.match) return { data: [], page, pageSize, total: 0, totalAtLeast: false, nextCursor: null };
      const result = repo.list(ctx.tenantId, filter, { pageSize, offset, after });
      return {
        data: result.rows.map(toSummary),
        page,
        pageSize,
        total: result.total,
        totalAtLeast: result.totalAtLeast,
        nextCursor: result.next ? encodeLogCursor(result.next) : null,
      };
    },

    get(ctx: RequestContext, id: string) {
      const detail = repo.detail(id);
      if (!detail) throw notFound('hl7_message', id);
      assertSameTenant(detail.row.tenantId, ctx);
      return toDetail(detail.row, decodeHl7(detail.row.raw).text, detail.attempts, detail.links);
    },

    /** The FHIR resources the message's last successful attempt committed. */
    links(ctx: RequestContext, id: string) {
      load(id, ctx);
      return repo.links(id).map(toLink);
    },

    segments(ctx: RequestContext, id: string) {
      return segmentsView(decodeHl7(load(id, ctx).raw).text);
    },

    /** The message text with PHI masked (hl7/mask-phi.ts): the console copies this, never the raw text. */
    masked(ctx: RequestContext, id: string) {
      const text = decodeHl7(load(id, ctx).raw).text;
      const unparseable = { kind: 'conflict', code: 'INTEROP_MESSAGE_UNPARSEABLE', message: `Message ${id} cannot be parsed, so its PHI cannot be masked` } as const;
      return { text: withHl7Errors(() => maskPhi(text), unparseable) };
    },

    reprocess(ctx: RequestContext, id: string, idempotencyKey: string | undefined) {
      const result = transact(() => {
        const row = load(id, ctx);
        const existing = idempotencyKey ? repo.attemptByKey(id, idempotencyKey) : undefined;
        if (existing) return { row, attempt: existing };
        const refused = refusal(row);
        if (refused) throw refused;
        const now = clock.now();
        const attempt = repo.queueReprocess(row, { id: ids('ATT'), actor: ctx.actor, idempotencyKey: idempotencyKey ?? null, at: now });
        journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'hl7_message.reprocess', entityType: 'hl7_message', entityId: id, details: { attemptNumber: attempt.attemptNumber } }, now);
        return { row: repo.findById(id) as Hl7MessageRow, attempt };
      });
      deps.notifyProcessing();
      changes.publish({ topic: 'hl7Messages', id });
      return { message: toSummary({ ...result.row, resourceCount: repo.links(id).length }), attempt: toAttempt(result.attempt) };
    },

    /**
     * Queues each of the messages (by id) that can be reprocessed now, as `reprocess` would, in one transaction;
     * the others (another tenant's, refused at intake, already pending or processing) are left alone. Answers the ids queued.
     */
    reprocessMany(ctx: RequestContext, messageIds: readonly string[], reason: string): string[] {
      const queued = transact(() => {
        const now = clock.now();
        const done: string[] = [];
        for (const id of new Set(messageIds)) {
          const row = repo.findById(id);
          if (!row || row.tenantId !== ctx.tenantId || refusal(row)) continue;
          repo.queueReprocess(row, { id: ids('ATT'), actor: ctx.actor, idempotencyKey: null, at: now });
          done.push(id);
        }
        if (done.length > 0) journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'hl7_message.reprocess_bulk', entityType: 'hl7_message', entityId: '*', details: { reason, queued: done.length } }, now);
        return done;
      });
      if (queued.length > 0) {
        deps.notifyProcessing();
        changes.publish({ topic: 'hl7Messages' });
      }
      return queued;
    },

    reprocessMatching(ctx: RequestContext, input: Omit<FilterInput, 'page' | 'pageSize' | 'cursor'> & { expectedCount?: number | undefined }) {
      const filter = toMessageFilter(input);
      const result = transact(() => {
        const { ids: matched, busy } = repo.reprocessable(ctx.tenantId, filter, BULK_REPROCESS_LIMIT + 1);
        if (matched.length > BULK_REPROCESS_LIMIT) {
          throw new AppError('validation', 'INTEROP_REPROCESS_TOO_MANY', `More than ${BULK_REPROCESS_LIMIT} messages match; narrow the filter`, { limit: BULK_REPROCESS_LIMIT });
        }
        if (input.expectedCount !== undefined && input.expectedCount !== matched.length) {
          throw new AppError('conflict', 'INTEROP_REPROCESS_COUNT_CHANGED', `${matched.length} messages match now, not the ${input.expectedCount} you confirmed; review and confirm again`, { matched: matched.length });
        }
        const now = clock.now();
        for (const id of matched) repo.queueReprocess(repo.findById(id) as Hl7MessageRow, { id: ids('ATT'), actor: ctx.actor, idempotencyKey: null, at: now });
        journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'hl7_message.reprocess_bulk', entityType: 'hl7_message', entityId: '*', details: { filter: { ...input, q: input.q ? '(search text)' : undefined }, queued: matched.length } }, now);
        return { queued: matched.length, skipped: busy };
      });
      deps.notifyProcessing();
      changes.publish({ topic: 'hl7Messages' });
      return result;
    },
  };
}
export type MessageService = ReturnType<typeof createMessageService>;
