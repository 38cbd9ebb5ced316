import { and, asc, count, desc, eq, getTableColumns, gte, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { hl7Messages, hl7ProcessingAttempts, hl7ResourceLinks } from '../../db/schema';
import { escapeLike, type PageRequest } from './connectors-repo';
import type { Db } from './open-store';

export type Hl7MessageRow = typeof hl7Messages.$inferSelect;
export type Hl7MessageSummaryRow = Omit<Hl7MessageRow, 'raw' | 'ackPayload' | 'patientId' | 'patientName' | 'orderNumbers' | 'contentHash'>;
export type Hl7AttemptRow = typeof hl7ProcessingAttempts.$inferSelect;
export type Hl7LinkRow = typeof hl7ResourceLinks.$inferSelect;

export interface MessageFilter {
  connectorId?: string | undefined;
  messageType?: string | undefined;
  status?: string | undefined;
  accepted?: boolean | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** An FTS5 query (see ftsQuery). */
  match?: string | undefined;
}

const { raw: _raw, ackPayload: _ack, patientId: _pid, patientName: _pname, orderNumbers: _orders, contentHash: _hash, ...summaryColumns } = getTableColumns(hl7Messages);

/** Reads for the message log and the reprocess bookkeeping; intake and processing have their own repos. */
export function createHl7MessagesRepo(db: Db) {
  const where = (tenantId: string, f: MessageFilter): SQL | undefined =>
    and(
      eq(hl7Messages.tenantId, tenantId),
      f.connectorId ? eq(hl7Messages.connectorId, f.connectorId) : undefined,
      f.status ? eq(hl7Messages.status, f.status) : undefined,
      f.accepted !== undefined ? eq(hl7Messages.accepted, f.accepted) : undefined,
      f.messageType
        ? f.messageType.includes('^')
          ? eq(hl7Messages.messageType, f.messageType)
          : or(eq(hl7Messages.messageType, f.messageType), like(hl7Messages.messageType, `${escapeLike(f.messageType)}^%`))
        : undefined,
      f.from !== undefined ? gte(hl7Messages.receivedAt, f.from) : undefined,
      f.to !== undefined ? lte(hl7Messages.receivedAt, f.to) : undefined,
      f.match ? sql`${hl7Messages}.rowid in (select rowid from hl7_messages_fts where hl7_messages_fts match ${f.match})` : undefined,
    );

  return {
    list(tenantId: string, filter: MessageFilter, page: PageRequest): { rows: Hl7MessageSummaryRow[]; total: number } {
      const condition = where(tenantId, filter);
      const rows = db
        .select(summaryColumns)
        .from(hl7Messages)
        .where(condition)
        .orderBy(desc(hl7Messages.receivedAt), desc(sql`${hl7Messages}.rowid`))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .all();
      const total = db.select({ n: count() }).from(hl7Messages).where(condition).get()?.n ?? 0;
      return { rows, total };
    },
    /**
     * Ids (oldest first) of messages matching a filter that may be queued again, up to `limit`. Messages
     * refused at intake never are: the sender was told so and sends a corrected message instead.
     */
    reprocessable(tenantId: string, filter: MessageFilter, limit: number): { ids: string[]; busy: number } {
      const condition = and(where(tenantId, filter), eq(hl7Messages.accepted, true));
      const ids = db
        .select({ id: hl7Messages.id })
        .from(hl7Messages)
        .where(and(condition, sql`${hl7Messages.status} not in ('pending', 'processing')`))
        .orderBy(asc(hl7Messages.receivedAt))
        .limit(limit)
        .all()
        .map((r) => r.id);
      const busy = db.select({ n: count() }).from(hl7Messages).where(and(condition, sql`${hl7Messages.status} in ('pending', 'processing')`)).get()?.n ?? 0;
      return { ids, busy };
    },
    findById(id: string): Hl7MessageRow | undefined {
      return db.select().from(hl7Messages).where(eq(hl7Messages.id, id)).get();
    },
    attempts(messageId: string): Hl7AttemptRow[] {
      return db.select().from(hl7ProcessingAttempts).where(eq(hl7ProcessingAttempts.messageId, messageId)).orderBy(asc(hl7ProcessingAttempts.attemptNumber)).all();
    },
    links(messageId: string): Hl7LinkRow[] {
      return db.select().from(hl7ResourceLinks).where(eq(hl7ResourceLinks.messageId, messageId)).orderBy(asc(hl7ResourceLinks.createdAt)).all();
    },
    attemptByKey(messageId: string, key: string): Hl7AttemptRow | undefined {
      return db.select().from(hl7ProcessingAttempts).where(and(eq(hl7ProcessingAttempts.messageId, messageId), eq(hl7ProcessingAttempts.idempotencyKey, key))).get();
    },
    /** Queues the message again: a new attempt row (queued) and the message back to pending. Never touches the raw payload. */
    queueReprocess(message: Hl7MessageRow, attempt: { id: string; actor: string; idempotencyKey: string | null; at: number }): Hl7AttemptRow {
      const last = db.select({ n: sql<number>`coalesce(max(${hl7ProcessingAttempts.attemptNumber}), 0)` }).from(hl7ProcessingAttempts).where(eq(hl7ProcessingAttempts.messageId, message.id)).get()?.n ?? 0;
      const row = db
        .insert(hl7ProcessingAttempts)
        .values({ id: attempt.id, tenantId: message.tenantId, messageId: message.id, attemptNumber: last + 1, trigger: 'reprocess', actor: attempt.actor, idempotencyKey: attempt.idempotencyKey, status: 'queued', startedAt: attempt.at })
        .returning()
        .get();
      db.update(hl7Messages).set({ status: 'pending', nextAttemptAt: null }).where(eq(hl7Messages.id, message.id)).run();
      return row;
    },
  };
}
export type Hl7MessagesRepo = ReturnType<typeof createHl7MessagesRepo>;
