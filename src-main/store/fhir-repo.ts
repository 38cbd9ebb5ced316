import type Database from 'better-sqlite3';
import type { IndexRows, SearchRequest } from '../fhir/search';
import type { IndexTable } from '../fhir/search/index-rows';
import { indexDigestOf, tablesToRewrite } from './fhir-index-digest';
import { buildSearchSql } from './fhir-search/search-sql';

export interface FhirRow {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: number;
  deleted: boolean;
  content: string | null;
  /** Per index table, a digest of this version's search rows (fhir-index-digest.ts); null when unknown. */
  indexDigest: string | null;
  /** The HTTP method that wrote this version (POST, PUT, DELETE); given by history only. */
  method?: string;
}

/** Index rows of one resource, without tenant/type/id (the repository adds them). */
export type FhirIndexRows = IndexRows;

/** Each index table's value columns after tenant, type, id and param, and how a row gives them. */
const INDEX_COLUMNS: { readonly [T in IndexTable]: readonly [table: string, columns: string, values: (row: IndexRows[T][number]) => unknown[]] } = {
  token: ['fhir_search_token', 'system, code, text', (r) => [r.system, r.code, r.text]],
  string: ['fhir_search_string', 'value, exact', (r) => [r.value, r.exact]],
  date: ['fhir_search_date', 'start, end', (r) => [r.start, r.end]],
  reference: ['fhir_search_reference', 'target_type, target_id, url', (r) => [r.targetType, r.targetId, r.url]],
  quantity: ['fhir_search_quantity', 'value, system, code', (r) => [r.value, r.system, r.code]],
  uri: ['fhir_search_uri', 'value', (r) => [r.value]],
};
/** Rows per multi-row INSERT: a resource's rows of one table go in one statement up to this many. */
const ROWS_PER_INSERT = 32;
/** Search statements kept prepared, by SQL text (a search's SQL depends on its parameters' shape, not their values). */
const MAX_CACHED_STATEMENTS = 256;

type RawRow = { resourceType: string; id: string; versionId: number; lastUpdated: number; deleted: number; content: string | null; indexDigest: string | null; method?: string };
const toRow = (r: RawRow): FhirRow => ({ ...r, deleted: r.deleted === 1 });

/** A resource's id and stored JSON. */
export type ResourceContent = { id: string; content: string };

/** An included resource: its type, id and stored JSON. */
export type IncludedContent = ResourceContent & { resourceType: string };

/** At most `limit` rows, and how many there are in all. */
export type Capped = { rows: IncludedContent[]; total: number };

/** The FHIR resource store: current versions, immutable history, search index rows. */
export interface FhirRepo {
  /** The current version, a tombstone when deleted; undefined when the resource never existed. */
  read(tenantId: string, type: string, id: string): FhirRow | undefined;
  /** One version from the history. */
  vread(tenantId: string, type: string, id: string, versionId: number): FhirRow | undefined;
  /**
   * Writes a new version (or a tombstone when `content` is null) with its history row and index rows,
   * `previousDigest` being the replaced version's `indexDigest` (null for a first version). Call inside a transaction.
   */
  write(tenantId: string, row: Omit<FhirRow, 'deleted' | 'indexDigest'> & { method: string }, index: FhirIndexRows | null, previousDigest: string | null): void;
  /** Versions newest first: of one resource, of one type, or of everything; `since` in epoch ms. */
  history(tenantId: string, scope: { type?: string; id?: string; since?: number }, count: number, offset: number): { rows: FhirRow[]; total: number };
  /** One page of a parsed search's live matches (its filters, sort, `count` and `offset`), and how many match over all pages. */
  search(tenantId: string, request: SearchRequest): { rows: ResourceContent[]; total: number };
  /** One page of a parsed search's live matches, without counting them all (conditional interactions need two at most). */
  searchPage(tenantId: string, request: SearchRequest): ResourceContent[];
  /** Live resources that `ids` of `sourceType` point to through `params` (for _include), at most `limit`. */
  referencedBy(tenantId: string, sourceType: string, ids: readonly string[], params: readonly string[], targetType: string | undefined, limit: number): Capped;
  /** Live resources of `sourceType` whose `params` point at one of `targetIds` of `targetType` (for _revinclude), at most `limit`. */
  referring(tenantId: string, sourceType: string, params: readonly string[], targetType: string, targetIds: readonly string[], limit: number): Capped;
}

/** Raw SQL, one transaction per write (the caller's). */
export function createFhirRepo(sqlite: Database.Database): FhirRepo {
  const columns = 'resource_type AS resourceType, id, version_id AS versionId, last_updated AS lastUpdated, deleted, content';
  const current = sqlite.prepare(`SELECT ${columns}, index_digest AS indexDigest FROM fhir_resources WHERE tenant_id = ? AND resource_type = ? AND id = ?`);
  const version = sqlite.prepare(`SELECT ${columns}, NULL AS indexDigest FROM fhir_resource_history WHERE tenant_id = ? AND resource_type = ? AND id = ? AND version_id = ?`);
  const upsert = sqlite.prepare(`
    INSERT INTO fhir_resources (tenant_id, resource_type, id, version_id, last_updated, deleted, content, index_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id, resource_type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated,
      deleted = excluded.deleted, content = excluded.content, index_digest = excluded.index_digest`);
  const history = sqlite.prepare(`
    INSERT INTO fhir_resource_history (tenant_id, resource_type, id, version_id, last_updated, method, deleted, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const clearIndex = new Map((Object.keys(INDEX_COLUMNS) as IndexTable[]).map((t) => [t, sqlite.prepare(`DELETE FROM ${INDEX_COLUMNS[t][0]} WHERE resource_type = ? AND resource_id = ? AND tenant_id = ?`)]));

  const cached = new Map<string, Database.Statement>();
  /** A prepared statement reused across calls: preparing costs as much as running a small query. */
  function statement(sql: string): Database.Statement {
    let prepared = cached.get(sql);
    if (!prepared) {
      if (cached.size >= MAX_CACHED_STATEMENTS) cached.clear();
      prepared = sqlite.prepare(sql);
      cached.set(sql, prepared);
    }
    return prepared;
  }

  function insertRows<T extends IndexTable>(table: T, key: readonly [string, string, string], rows: IndexRows[T]): void {
    const [name, columns, values] = INDEX_COLUMNS[table];
    const width = 4 + columns.split(',').length;
    const tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      const chunk = rows.slice(at, at + ROWS_PER_INSERT) as IndexRows[T][number][];
      const sql = `INSERT INTO ${name} (tenant_id, resource_type, resource_id, param, ${columns}) VALUES ${Array.from(chunk, () => tuple).join(', ')}`;
      statement(sql).run(chunk.flatMap((r) => [...key, r.param, ...(values as (row: IndexRows[T][number]) => unknown[])(r)]));
    }
  }

  /**
   * Replaces a resource's index rows in the tables whose rows changed (all of them when the stored
   * version's digest is unknown); a first version has none to clear. Returns the new version's digest.
   */
  function reindex(tenantId: string, type: string, id: string, versionId: number, rows: FhirIndexRows | null, previousDigest: string | null): string | null {
    const digest = rows ? indexDigestOf(rows) : null;
    const rewrite = tablesToRewrite(versionId > 1 ? previousDigest : null, digest);
    const key = [tenantId, type, id] as const;
    for (const table of rewrite) {
      if (versionId > 1) clearIndex.get(table)?.run(type, id, tenantId);
      if (rows) insertRows(table, key, rows[table]);
    }
    return digest;
  }

  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  /** The first `limit` rows of a query, and its full count only when there are more. */
  function capped(sql: string, args: readonly unknown[], limit: number): Capped {
    const rows = statement(`${sql} LIMIT ?`).all(...args, limit) as Capped['rows'];
    const total = rows.length < limit ? rows.length : (statement(`SELECT COUNT(*) FROM (${sql})`).pluck().get(...args) as number);
    return { rows, total };
  }

  return {
    read(tenantId: string, type: string, id: string): FhirRow | undefined {
      const row = current.get(tenantId, type, id) as RawRow | undefined;
      return row ? toRow(row) : undefined;
    },
    vread(tenantId: string, type: string, id: string, versionId: number): FhirRow | undefined {
      const row = version.get(tenantId, type, id, versionId) as RawRow | undefined;
      return row ? toRow(row) : undefined;
    },
    write(tenantId: string, row: Omit<FhirRow, 'deleted' | 'indexDigest'> & { method: string }, index: FhirIndexRows | null, previousDigest: string | null): void {
      const deleted = row.content === null ? 1 : 0;
      const digest = reindex(tenantId, row.resourceType, row.id, row.versionId, index, previousDigest);
      upsert.run(tenantId, row.resourceType, row.id, row.versionId, row.lastUpdated, deleted, row.content ?? '', digest);
      history.run(tenantId, row.resourceType, row.id, row.versionId, row.lastUpdated, row.method, deleted, row.content);
    },
    history(tenantId: string, scope: { type?: string; id?: string; since?: number }, count: number, offset: number): { rows: FhirRow[]; total: number } {
      const where = ['tenant_id = ?'];
      const args: unknown[] = [tenantId];
      const add = (condition: string, value: unknown): void => {
        where.push(condition);
        args.push(value);
      };
      if (scope.type) add('resource_type = ?', scope.type);
      if (scope.id) add('id = ?', scope.id);
      if (scope.since !== undefined) add('last_updated >= ?', scope.since);
      const clause = where.join(' AND ');
      const rows = statement(`SELECT ${columns}, method, NULL AS indexDigest FROM fhir_resource_history WHERE ${clause} ORDER BY last_updated DESC, version_id DESC LIMIT ? OFFSET ?`).all(...args, count, offset) as RawRow[];
      const total = statement(`SELECT count(*) FROM fhir_resource_history WHERE ${clause}`).pluck().get(...args) as number;
      return { rows: rows.map(toRow), total };
    },
    search(tenantId: string, request: SearchRequest): { rows: ResourceContent[]; total: number } {
      const query = buildSearchSql(tenantId, request);
      const rows = statement(query.sql).all(...query.args) as ResourceContent[];
      return { rows, total: statement(query.countSql).pluck().get(...query.countArgs) as number };
    },
    searchPage(tenantId: string, request: SearchRequest): ResourceContent[] {
      const query = buildSearchSql(tenantId, request);
      return statement(query.sql).all(...query.args) as ResourceContent[];
    },
    referencedBy(tenantId: string, sourceType: string, ids: readonly string[], params: readonly string[], targetType: string | undefined, limit: number): Capped {
      if (ids.length === 0 || params.length === 0) return { rows: [], total: 0 };
      return capped(
        `SELECT DISTINCT r.resource_type AS resourceType, r.id, r.content FROM fhir_search_reference x
         JOIN fhir_resources r ON r.tenant_id = x.tenant_id AND r.resource_type = x.target_type AND r.id = x.target_id AND r.deleted = 0
         WHERE x.tenant_id = ? AND x.resource_type = ? AND x.resource_id IN (${marks(ids.length)}) AND x.param IN (${marks(params.length)})${targetType ? ' AND x.target_type = ?' : ''}`,
        [tenantId, sourceType, ...ids, ...params, ...(targetType ? [targetType] : [])],
        limit,
      );
    },
    referring(tenantId: string, sourceType: string, params: readonly string[], targetType: string, targetIds: readonly string[], limit: number): Capped {
      if (targetIds.length === 0 || params.length === 0) return { rows: [], total: 0 };
      return capped(
        `SELECT DISTINCT r.resource_type AS resourceType, r.id, r.content FROM fhir_search_reference x
         JOIN fhir_resources r ON r.tenant_id = x.tenant_id AND r.resource_type = x.resource_type AND r.id = x.resource_id AND r.deleted = 0
         WHERE x.tenant_id = ? AND x.resource_type = ? AND x.param IN (${marks(params.length)}) AND x.target_type = ? AND x.target_id IN (${marks(targetIds.length)})`,
        [tenantId, sourceType, ...params, targetType, ...targetIds],
        limit,
      );
    },
  };
}
