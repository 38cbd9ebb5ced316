import type Database from 'better-sqlite3';
import type { IndexRows, SearchRequest } from '../fhir/search';
import { buildSearchSql } from './fhir-search/search-sql';

export interface FhirRow {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: number;
  deleted: boolean;
  content: string | null;
}

/** Index rows of one resource, without tenant/type/id (the repository adds them). */
export type FhirIndexRows = IndexRows;

const INDEX_TABLES = ['fhir_search_token', 'fhir_search_string', 'fhir_search_date', 'fhir_search_reference', 'fhir_search_quantity', 'fhir_search_uri'] as const;

type RawRow = { resourceType: string; id: string; versionId: number; lastUpdated: number; deleted: number; content: string | null };
const toRow = (r: RawRow): FhirRow => ({ ...r, deleted: r.deleted === 1 });

/** A resource's id and stored JSON. */
export type ResourceContent = { id: string; content: string };

/** At most `limit` rows, and how many there are in all. */
export type Capped = { rows: ResourceContent[]; total: number };

/** The FHIR resource store: current versions, immutable history, search index rows. */
export interface FhirRepo {
  /** The current version, a tombstone when deleted; undefined when the resource never existed. */
  read(tenantId: string, type: string, id: string): FhirRow | undefined;
  /** One version from the history. */
  vread(tenantId: string, type: string, id: string, versionId: number): FhirRow | undefined;
  /** Writes a new version (or a tombstone when `content` is null) with its history row and index rows. Call inside a transaction. */
  write(tenantId: string, row: Omit<FhirRow, 'deleted'> & { method: string }, index: FhirIndexRows | null): void;
  /** Versions newest first: of one resource, of one type, or of everything; `since` in epoch ms. */
  history(tenantId: string, scope: { type?: string; id?: string; since?: number }, count: number, offset: number): { rows: FhirRow[]; total: number };
  /** One page of a parsed search's live matches (its filters, sort, `count` and `offset`), and how many match over all pages. */
  search(tenantId: string, request: SearchRequest): { rows: ResourceContent[]; total: number };
  /** Live resources that `ids` of `sourceType` point to through `params` (for _include), at most `limit`. */
  referencedBy(tenantId: string, sourceType: string, ids: readonly string[], params: readonly string[], targetType: string | undefined, limit: number): Capped;
  /** Live resources of `sourceType` whose `params` point at one of `targetIds` of `targetType` (for _revinclude), at most `limit`. */
  referring(tenantId: string, sourceType: string, params: readonly string[], targetType: string, targetIds: readonly string[], limit: number): Capped;
}

/** Raw SQL, one transaction per write (the caller's). */
export function createFhirRepo(sqlite: Database.Database): FhirRepo {
  const columns = 'resource_type AS resourceType, id, version_id AS versionId, last_updated AS lastUpdated, deleted, content';
  const current = sqlite.prepare(`SELECT ${columns} FROM fhir_resources WHERE tenant_id = ? AND resource_type = ? AND id = ?`);
  const version = sqlite.prepare(`SELECT ${columns} FROM fhir_resource_history WHERE tenant_id = ? AND resource_type = ? AND id = ? AND version_id = ?`);
  const upsert = sqlite.prepare(`
    INSERT INTO fhir_resources (tenant_id, resource_type, id, version_id, last_updated, deleted, content) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id, resource_type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated,
      deleted = excluded.deleted, content = excluded.content`);
  const history = sqlite.prepare(`
    INSERT INTO fhir_resource_history (tenant_id, resource_type, id, version_id, last_updated, method, deleted, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const clearIndex = INDEX_TABLES.map((t) => sqlite.prepare(`DELETE FROM ${t} WHERE resource_type = ? AND resource_id = ? AND tenant_id = ?`));
  const insertIndex = {
    token: sqlite.prepare('INSERT INTO fhir_search_token (tenant_id, resource_type, resource_id, param, system, code, text) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    string: sqlite.prepare('INSERT INTO fhir_search_string (tenant_id, resource_type, resource_id, param, value, exact) VALUES (?, ?, ?, ?, ?, ?)'),
    date: sqlite.prepare('INSERT INTO fhir_search_date (tenant_id, resource_type, resource_id, param, start, end) VALUES (?, ?, ?, ?, ?, ?)'),
    reference: sqlite.prepare('INSERT INTO fhir_search_reference (tenant_id, resource_type, resource_id, param, target_type, target_id, url) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    quantity: sqlite.prepare('INSERT INTO fhir_search_quantity (tenant_id, resource_type, resource_id, param, value, system, code) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    uri: sqlite.prepare('INSERT INTO fhir_search_uri (tenant_id, resource_type, resource_id, param, value) VALUES (?, ?, ?, ?, ?)'),
  };

  function reindex(tenantId: string, type: string, id: string, rows: FhirIndexRows | null): void {
    for (const statement of clearIndex) statement.run(type, id, tenantId);
    if (!rows) return;
    const key = [tenantId, type, id] as const;
    for (const r of rows.token) insertIndex.token.run(...key, r.param, r.system, r.code, r.text);
    for (const r of rows.string) insertIndex.string.run(...key, r.param, r.value, r.exact);
    for (const r of rows.date) insertIndex.date.run(...key, r.param, r.start, r.end);
    for (const r of rows.reference) insertIndex.reference.run(...key, r.param, r.targetType, r.targetId, r.url);
    for (const r of rows.quantity) insertIndex.quantity.run(...key, r.param, r.value, r.system, r.code);
    for (const r of rows.uri) insertIndex.uri.run(...key, r.param, r.value);
  }

  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  /** The first `limit` rows of a query, and its full count only when there are more. */
  function capped(sql: string, args: readonly unknown[], limit: number): Capped {
    const rows = sqlite.prepare(`${sql} LIMIT ?`).all(...args, limit) as Capped['rows'];
    const total = rows.length < limit ? rows.length : (sqlite.prepare(`SELECT COUNT(*) FROM (${sql})`).pluck().get(...args) as number);
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
    write(tenantId: string, row: Omit<FhirRow, 'deleted'> & { method: string }, index: FhirIndexRows | null): void {
      const deleted = row.content === null ? 1 : 0;
      upsert.run(tenantId, row.resourceType, row.id, row.versionId, row.lastUpdated, deleted, row.content ?? '');
      history.run(tenantId, row.resourceType, row.id, row.versionId, row.lastUpdated, row.method, deleted, row.content);
      reindex(tenantId, row.resourceType, row.id, index);
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
      const rows = sqlite.prepare(`SELECT ${columns} FROM fhir_resource_history WHERE ${clause} ORDER BY last_updated DESC, version_id DESC LIMIT ? OFFSET ?`).all(...args, count, offset) as RawRow[];
      const total = sqlite.prepare(`SELECT count(*) FROM fhir_resource_history WHERE ${clause}`).pluck().get(...args) as number;
      return { rows: rows.map(toRow), total };
    },
    search(tenantId: string, request: SearchRequest): { rows: ResourceContent[]; total: number } {
      const query = buildSearchSql(tenantId, request);
      const rows = sqlite.prepare(query.sql).all(...query.args) as ResourceContent[];
      return { rows, total: sqlite.prepare(query.countSql).pluck().get(...query.countArgs) as number };
    },
    referencedBy(tenantId: string, sourceType: string, ids: readonly string[], params: readonly string[], targetType: string | undefined, limit: number): Capped {
      if (ids.length === 0 || params.length === 0) return { rows: [], total: 0 };
      return capped(
        `SELECT DISTINCT r.id, r.content FROM fhir_search_reference x
         JOIN fhir_resources r ON r.tenant_id = x.tenant_id AND r.resource_type = x.target_type AND r.id = x.target_id AND r.deleted = 0
         WHERE x.tenant_id = ? AND x.resource_type = ? AND x.resource_id IN (${marks(ids.length)}) AND x.param IN (${marks(params.length)})${targetType ? ' AND x.target_type = ?' : ''}`,
        [tenantId, sourceType, ...ids, ...params, ...(targetType ? [targetType] : [])],
        limit,
      );
    },
    referring(tenantId: string, sourceType: string, params: readonly string[], targetType: string, targetIds: readonly string[], limit: number): Capped {
      if (targetIds.length === 0 || params.length === 0) return { rows: [], total: 0 };
      return capped(
        `SELECT DISTINCT r.id, r.content FROM fhir_search_reference x
         JOIN fhir_resources r ON r.tenant_id = x.tenant_id AND r.resource_type = x.resource_type AND r.id = x.resource_id AND r.deleted = 0
         WHERE x.tenant_id = ? AND x.resource_type = ? AND x.param IN (${marks(params.length)}) AND x.target_type = ? AND x.target_id IN (${marks(targetIds.length)})`,
        [tenantId, sourceType, ...params, targetType, ...targetIds],
        limit,
      );
    },
  };
}
