import { sql, type SQL } from 'drizzle-orm';

/**
 * The message log's list SQL. Every equality filter has an index that leads with it and holds the other
 * filter columns, `(tenant_id, <filter>, received_at, <other filters>)`, so a page walks one index in
 * received order and tests the other filters in the index — never a wide message row — and only the
 * rows of the page are read from the table. Which index drives is decided by probing: the filter with
 * the fewest entries (see `choosePlan`). Text search drives through FTS5 when it matches few messages.
 */

export type LogDimension = 'connector' | 'type' | 'status';

export const LOG_INDEX: Record<LogDimension | 'time', string> = {
  connector: 'hl7_messages_log_connector_idx',
  type: 'hl7_messages_log_type_idx',
  status: 'hl7_messages_log_status_idx',
  time: 'hl7_messages_tenant_received_idx',
};

const COLUMN: Record<LogDimension, string> = { connector: 'connector_id', type: 'message_type', status: 'status' };

export interface LogFilter {
  tenantId: string;
  connectorId?: string | undefined;
  /** Exact message types: a typed prefix ("ADT") is expanded to the stored types first. */
  messageTypes?: readonly string[] | undefined;
  status?: string | undefined;
  /** false: only messages refused at intake; true: only accepted ones (tested on the row: refused ones are few and all failed). */
  accepted?: boolean | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** An FTS5 query. */
  match?: string | undefined;
}

/** A position in the log: the received time and rowid of the last row a page showed. */
export interface LogPosition {
  receivedAt: number;
  rowid: number;
}

/** What drives the scan: one of the log indexes (one arm per value of its column), or the FTS match. */
export type LogPlan = { kind: 'index'; dimension: LogDimension | 'time' } | { kind: 'fts' };

const valuesOf = (f: LogFilter, d: LogDimension): readonly string[] | undefined =>
  d === 'connector' ? (f.connectorId === undefined ? undefined : [f.connectorId]) : d === 'status' ? (f.status === undefined ? undefined : [f.status]) : f.messageTypes;

/** The equality filters in use, each with its values. */
export const dimensionsOf = (f: LogFilter): LogDimension[] => (['connector', 'type', 'status'] as const).filter((d) => valuesOf(f, d) !== undefined);

const ftsCondition = (match: string): SQL => sql`rowid in (select rowid from hl7_messages_fts where hl7_messages_fts match ${match})`;

/** The conditions of one arm: the driving column equal to `value` and every other filter. */
function conditions(f: LogFilter, driving: LogDimension | undefined, value: string | undefined, after: LogPosition | undefined): SQL {
  const parts: SQL[] = [sql`tenant_id = ${f.tenantId}`];
  for (const d of dimensionsOf(f)) {
    const column = sql.raw(COLUMN[d]);
    const values = d === driving ? [value as string] : (valuesOf(f, d) as readonly string[]);
    parts.push(values.length === 1 ? sql`${column} = ${values[0]}` : sql`${column} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`);
  }
  if (f.accepted !== undefined) parts.push(sql`accepted = ${f.accepted ? 1 : 0}`);
  if (f.from !== undefined) parts.push(sql`received_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`received_at <= ${f.to}`);
  if (f.match !== undefined) parts.push(ftsCondition(f.match));
  // Written as a range on received_at plus a tie-break, so the index seeks to the position.
  if (after) parts.push(sql`received_at <= ${after.receivedAt} and (received_at < ${after.receivedAt} or rowid < ${after.rowid})`);
  return sql.join(parts, sql` and `);
}

const source = (plan: LogPlan): SQL => sql.raw(plan.kind === 'fts' ? 'hl7_messages not indexed' : `hl7_messages indexed by ${LOG_INDEX[plan.dimension]}`);

/** One select per value of the driving column, each limited and in log order; SQLite merges them. */
function arms(f: LogFilter, plan: LogPlan, select: SQL, tail: SQL, after?: LogPosition): SQL[] {
  const driving = plan.kind === 'index' && plan.dimension !== 'time' ? plan.dimension : undefined;
  const values = driving ? (valuesOf(f, driving) as readonly string[]) : [undefined];
  return values.map((value) => sql`select * from (select ${select} from ${source(plan)} where ${conditions(f, driving, value, after)} ${tail})`);
}

/** Rowids and received times of up to `limit` rows after `offset` (or after `after`), newest first. */
export function pageQuery(f: LogFilter, plan: LogPlan, limit: number, offset: number, after: LogPosition | undefined): SQL {
  const parts = arms(f, plan, sql`rowid as rowid, received_at as receivedAt`, sql`order by received_at desc, rowid desc limit ${limit + offset}`, after);
  return sql`${sql.join(parts, sql` union all `)} order by receivedAt desc, rowid desc limit ${limit} offset ${offset}`;
}

/** How many rows match, counting no further than `cap` in each arm. */
export function countQuery(f: LogFilter, plan: LogPlan, cap: number): SQL {
  const parts = arms(f, plan, sql`1`, sql`limit ${cap}`);
  return sql`select count(*) as n from (${sql.join(parts, sql` union all `)})`;
}

/**
 * A count for text search tested inside an index walk (it matches too many messages to drive): takes
 * at most `walk` entries of the driving index (split over its arms), newest first, and counts those in
 * the FTS match. `n` is exact when no arm was cut short (`cut` = 0); otherwise a lower bound. Counting
 * every entry is what a wide filter with a rare match costs: SMITH among 400,000 ORU^R01 takes ~85 ms.
 * The entries are walked twice, bare to learn whether the walk was cut and filtered to count the
 * matches: a membership test in the WHERE clause is far cheaper than one in the select list.
 */
export function walkCountQuery(f: LogFilter, match: string, plan: LogPlan, walk: number): SQL {
  const driving = plan.kind === 'index' && plan.dimension !== 'time' ? plan.dimension : undefined;
  const each = Math.ceil(walk / (driving ? (valuesOf(f, driving) as readonly string[]).length : 1));
  const entries = (select: SQL): SQL[] => arms({ ...f, match: undefined }, plan, select, sql`order by received_at desc limit ${each}`);
  const walked = entries(sql`1`).map((arm) => sql`select count(*) as walked, 0 as hits from (${arm})`);
  const hits = entries(sql`rowid as r`).map((arm) => sql`select 0 as walked, count(*) as hits from (${arm}) where r in (select rowid from hl7_messages_fts where hl7_messages_fts match ${match})`);
  return sql`select coalesce(sum(hits), 0) as n, coalesce(max(walked >= ${each}), 0) as cut from (${sql.join([...walked, ...hits], sql` union all `)})`;
}

/** A page's total: capped at `cap`, and a count cut short is "at least" — never fewer than the `seen` rows up to this page's end. */
export function logTotal(counted: number, cut: boolean, cap: number, seen: number): { total: number; totalAtLeast: boolean } {
  const totalAtLeast = cut || counted > cap;
  return { total: Math.min(totalAtLeast ? Math.max(counted, seen) : counted, cap), totalAtLeast };
}

/**
 * The newest `cap` entries the index of `dimension` holds for the filter's values of that column and
 * time range: how many (`n`) and the oldest one's received time, which says how dense the filter is
 * when it reaches the cap.
 */
export function probeQuery(f: LogFilter, dimension: LogDimension, cap: number): SQL {
  const only: LogFilter = { tenantId: f.tenantId, from: f.from, to: f.to, [dimension === 'connector' ? 'connectorId' : dimension === 'type' ? 'messageTypes' : 'status']: valuesOf(f, dimension) };
  const parts = arms(only, { kind: 'index', dimension }, sql`received_at as receivedAt`, sql`order by received_at desc limit ${cap}`);
  return sql`select count(*) as n, min(receivedAt) as oldest from (select * from (${sql.join(parts, sql` union all `)}) order by receivedAt desc limit ${cap})`;
}

/** FTS matches, newest `cap` (rowids follow arrival): how many, and the oldest one's received time. */
export const ftsProbeQuery = (match: string, cap: number): SQL =>
  sql`select p.n as n, (select received_at from hl7_messages where rowid = p.r) as oldest from (select count(*) as n, min(r) as r from (select rowid as r from hl7_messages_fts where hl7_messages_fts match ${match} order by rowid desc limit ${cap})) as p`;

/** The next stored message type after `after` that starts with `prefix^` (a loose index scan step). */
export const nextTypeQuery = (tenantId: string, prefix: string, after: string): SQL =>
  sql`select message_type as type from hl7_messages indexed by ${sql.raw(LOG_INDEX.type)} where tenant_id = ${tenantId} and message_type > ${after} and message_type < ${`${prefix}_`} order by message_type limit 1`;

export interface ProbeResult {
  plan: LogPlan;
  /** Entries found, at most the probe's cap. */
  n: number;
  /** Received time of the oldest entry found; null when none. */
  oldest: number | null;
}

/**
 * The cheapest way in: the filter or text search with the fewest entries; among those that reached the
 * probe's cap, the sparsest — the one whose newest `cap` entries reach furthest back in time. No
 * filter: the received-time index.
 */
export function choosePlan(probes: readonly ProbeResult[], cap: number): LogPlan {
  const key = (p: ProbeResult): [number, number] => (p.n < cap ? [0, p.n] : [1, p.oldest ?? 0]);
  let best: ProbeResult | undefined;
  for (const probe of probes) {
    const [a, b] = [key(probe), best && key(best)];
    if (!b || a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) best = probe;
  }
  return best ? best.plan : { kind: 'index', dimension: 'time' };
}
