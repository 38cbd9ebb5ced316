import { and, asc, count, eq, getTableColumns, gte, inArray, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { hl7Messages, hl7ProcessingAttempts, hl7ResourceLinks } from '../../db/schema';
import { escapeLike } from './paged-list';
import { choosePlan, countQuery, dimensionsOf, ftsProbeQuery, logTotal, nextTypeQuery, pageQuery, probeQuery, walkCountQuery, type LogFilter, type LogPlan, type LogPosition, type ProbeResult } from './message-log-query';
import type { Db } from './open-store';

export type Hl7MessageRow = typeof hl7Messages.$inferSelect;
/** A log row: the message without its bytes, with how many FHIR resources its last processing linked. */
export type Hl7MessageSummaryRow = Omit<Hl7MessageRow, 'raw' | 'ackPayload' | 'orderNumbers' | 'contentHash'> & { resourceCount: number };
export type { LogPosition } from './message-log-query';
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

/** Totals are counted this far and no further: past it the log says "at least". */
export const COUNT_CAP = 10_000;
/** A typed type prefix expands to at most this many stored types (each is one ordered index walk). */
const MAX_TYPES_PER_PREFIX = 100;
/** Text search drives the page only when it matches at most this many messages. */
const FTS_DRIVE_MAX = 1_000;
/**
 * Text search tested inside an index walk counts at most this many index entries (~10 ms at 1M
 * messages); past them the total is "at least". Counting a rare match through a wide filter to the end
 * (SMITH among 400,000 ORU^R01) takes ~85 ms, and reading the matches' rows instead costs as much.
 */
export const COUNT_WALK = 50_000;

export interface LogLimits {
  /** See COUNT_WALK. */
  countWalk: number;
}

export interface LogPageRequest {
  pageSize: number;
  offset: number;
  /** Keyset paging: the rows after this position (then `offset` is not used). */
  after?: LogPosition | undefined;
}

export interface LogPage {
  rows: Hl7MessageSummaryRow[];
  total: number;
  /** The count stopped (at COUNT_CAP, or at COUNT_WALK entries for text search inside an index walk): at least `total` match. */
  totalAtLeast: boolean;
  /** The last row's position when more rows follow. */
  next: LogPosition | undefined;
}

const { raw: _raw, ackPayload: _ack, orderNumbers: _orders, contentHash: _hash, ...summaryColumns } = getTableColumns(hl7Messages);

/** Reads for the message log and the reprocess bookkeeping; intake and processing have their own repos. */
export interface Hl7MessagesRepo {
  list(tenantId: string, filter: MessageFilter, page: LogPageRequest): LogPage;
  reprocessable(tenantId: string, filter: MessageFilter, limit: number): { ids: string[]; busy: number };
  findById(id: string): Hl7MessageRow | undefined;
  /**
   * The message with its attempts and links from one snapshot: the processing thread commits on its own
   * connection, and reads in separate statements could pair a pending row with its finished attempt.
   */
  detail(id: string): { row: Hl7MessageRow; attempts: Hl7AttemptRow[]; links: Hl7LinkRow[] } | undefined;
  attempts(messageId: string): Hl7AttemptRow[];
  /** The message's resource links in the order its Bundle listed them. */
  links(messageId: string): Hl7LinkRow[];
  attemptByKey(messageId: string, key: string): Hl7AttemptRow | undefined;
  queueReprocess(message: Hl7MessageRow, attempt: { id: string; actor: string; idempotencyKey: string | null; at: number }): Hl7AttemptRow;
}

export function createHl7MessagesRepo(db: Db, limits: LogLimits = { countWalk: COUNT_WALK }): Hl7MessagesRepo {
  const findById = (id: string): Hl7MessageRow | undefined => db.select().from(hl7Messages).where(eq(hl7Messages.id, id)).get();
  const attempts = (messageId: string): Hl7AttemptRow[] =>
    db.select().from(hl7ProcessingAttempts).where(eq(hl7ProcessingAttempts.messageId, messageId)).orderBy(asc(hl7ProcessingAttempts.attemptNumber)).all();
  const links = (messageId: string): Hl7LinkRow[] =>
    db.select().from(hl7ResourceLinks).where(eq(hl7ResourceLinks.messageId, messageId)).orderBy(asc(hl7ResourceLinks.createdAt), sql`${hl7ResourceLinks}.rowid`).all();
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

  const scalar = (query: SQL): number => db.get<{ n: number }>(query)?.n ?? 0;

  /** "ADT" means ADT and every stored ADT^…: the stored types under the prefix, found by a loose index scan. */
  function typesOf(tenantId: string, typed: string): string[] {
    if (typed.includes('^')) return [typed];
    const types = [typed];
    for (let after = `${typed}^`; types.length <= MAX_TYPES_PER_PREFIX; ) {
      const next = db.get<{ type: string }>(nextTypeQuery(tenantId, typed, after))?.type;
      if (next === undefined) break;
      types.push(next);
      after = next;
    }
    return types;
  }

  const probe = (plan: LogPlan, query: SQL): ProbeResult => ({ plan, ...(db.get<{ n: number; oldest: number | null }>(query) ?? { n: 0, oldest: null }) });

  /** How many match, counted up to the cap (or, for text search inside an index walk, through its first entries: `cut` when that stopped short). */
  function countOf(filter: LogFilter, plan: LogPlan): { n: number; cut: boolean } {
    if (filter.match === undefined || plan.kind === 'fts') return { n: scalar(countQuery(filter, plan, COUNT_CAP + 1)), cut: false };
    const counted = db.get<{ n: number; cut: number }>(walkCountQuery(filter, filter.match, plan, limits.countWalk)) ?? { n: 0, cut: 0 };
    return { n: counted.n, cut: counted.cut === 1 };
  }

  /** The plan, and the total when one probe already counted everything the filter asks (else undefined). */
  function planFor(filter: LogFilter): { plan: LogPlan; total: number | undefined } {
    const cap = COUNT_CAP + 1;
    const probes = dimensionsOf(filter).map((dimension) => probe({ kind: 'index', dimension }, probeQuery(filter, dimension, cap)));
    const fts = filter.match === undefined ? undefined : probe({ kind: 'fts' }, ftsProbeQuery(filter.match, cap));
    // Each FTS match costs a read of its wide row; many matches are cheaper tested against an index walk.
    const plan = choosePlan(fts && fts.n <= FTS_DRIVE_MAX ? [...probes, fts] : probes, cap);
    const timed = filter.from !== undefined || filter.to !== undefined;
    const only = probes.length === 1 && !fts ? probes[0] : probes.length === 0 && !timed ? fts : undefined;
    return { plan, total: only?.n };
  }

  return {
    /**
     * A page of the log, newest first: after `page.after` when given (keyset), else at an offset. The total
     * is counted up to COUNT_CAP, and text search inside an index walk through COUNT_WALK entries; beyond
     * either it says "at least".
     */
    list(tenantId: string, filter: MessageFilter, page: LogPageRequest): LogPage {
      const logFilter: LogFilter = { tenantId, ...filter, messageTypes: filter.messageType === undefined ? undefined : typesOf(tenantId, filter.messageType) };
      const { plan, total } = planFor(logFilter);
      const counted = total === undefined ? countOf(logFilter, plan) : { n: total, cut: false };
      const positions = db.all<LogPosition>(pageQuery(logFilter, plan, page.pageSize + 1, page.after ? 0 : page.offset, page.after));
      const shown = positions.slice(0, page.pageSize);
      const byRowid = new Map(
        shown.length === 0
          ? []
          : db
              .select({ rowid: sql<number>`${hl7Messages}.rowid`, ...summaryColumns, resourceCount: sql<number>`(select count(*) from hl7_resource_links l where l.message_id = hl7_messages.id)` })
              .from(hl7Messages)
              .where(inArray(sql`${hl7Messages}.rowid`, shown.map((p) => p.rowid)))
              .all()
              .map(({ rowid, ...row }) => [rowid, row] as const),
      );
      return {
        rows: shown.map((p) => byRowid.get(p.rowid)).filter((row) => row !== undefined),
        ...logTotal(counted.n, counted.cut, COUNT_CAP, (page.after ? 0 : page.offset) + shown.length),
        next: positions.length > page.pageSize ? shown.at(-1) : undefined,
      };
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
    findById,
    detail(id) {
      const read = () => {
        const row = findById(id);
        return row && { row, attempts: attempts(id), links: links(id) };
      };
      return db.transaction(read, { behavior: 'deferred' });
    },
    attempts,
    links,
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
