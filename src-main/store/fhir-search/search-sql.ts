import { anyOfSql, conditionSql, dateRangeSql, joinSql } from './condition-sql';
import type { SqlPart } from './condition-sql';
import { driverFilterIndex } from './driver-filter';
import type { IndexTable, MatchFilter, SearchCondition, SearchFilter, SearchRequest, SortRule } from '../../fhir/search';

export interface SearchSql {
  /** Selects `id` and `content` of one page of matches, in order. */
  sql: string;
  args: unknown[];
  /** Selects `total`, the number of matches over all pages. */
  countSql: string;
  countArgs: unknown[];
}

const TABLE_NAMES: Record<IndexTable, string> = {
  token: 'fhir_search_token',
  string: 'fhir_search_string',
  date: 'fhir_search_date',
  reference: 'fhir_search_reference',
  quantity: 'fhir_search_quantity',
  uri: 'fhir_search_uri',
};

/**
 * A table's per-resource index, named explicitly for correlated lookups: without statistics SQLite
 * would rather walk the value index for the parameter and filter it by resource, thousands of rows
 * for every candidate instead of the few that resource has.
 */
const byResource = (table: IndexTable): string => `${TABLE_NAMES[table]} i INDEXED BY ${TABLE_NAMES[table]}_resource_idx`;

/** Index rows of parameter `?` belonging to the resource row aliased `owner`. */
const indexRowsOf = (table: IndexTable, owner: string): string =>
  `SELECT 1 FROM ${byResource(table)} WHERE i.tenant_id = ${owner}.tenant_id AND i.resource_type = ${owner}.resource_type AND i.resource_id = ${owner}.id AND i.param = ?`;

function resourceColumnSql(param: string, condition: SearchCondition, owner: string): SqlPart {
  if (param === '_id' && condition.kind === 'token') return { sql: `${owner}.id = ?`, args: [condition.code] };
  if (param === '_lastUpdated' && condition.kind === 'date') {
    return dateRangeSql(`${owner}.last_updated`, `${owner}.last_updated`, condition.prefix, condition.start, condition.end);
  }
  throw new Error(`${param} cannot take a ${condition.kind} condition`);
}

/** The page's tenant and type: known up front, so top-level filters can be uncorrelated subqueries. */
interface Scope {
  tenantId: string;
  resourceType: string;
}

/**
 * Ids of the page type's resources with matching index rows. Uncorrelated on purpose: SQLite runs it
 * once through the value index, where a correlated EXISTS per resource row would rescan that index
 * for every row (minutes instead of milliseconds at 100k resources).
 */
const matchingIds = (table: IndexTable, scope: Scope, condition: SqlPart): SqlPart => ({
  sql: `SELECT i.resource_id FROM ${TABLE_NAMES[table]} i WHERE i.tenant_id = ? AND i.resource_type = ? AND i.param = ?${condition.sql ? ` AND (${condition.sql})` : ''}`,
  args: [scope.tenantId, scope.resourceType, ...condition.args],
});

function matchSql(filter: MatchFilter, owner: string, scope?: Scope): SqlPart {
  if (filter.param === '_id' || filter.param === '_lastUpdated') {
    const any = anyOfSql(filter.anyOf.map((c) => resourceColumnSql(filter.param, c, owner)));
    return { sql: filter.not ? `NOT (${any.sql})` : `(${any.sql})`, args: any.args };
  }
  const any = anyOfSql(filter.anyOf.map(conditionSql));
  if (scope) {
    const ids = matchingIds(filter.table, scope, { sql: any.sql, args: [] });
    return { sql: `${owner}.id ${filter.not ? 'NOT ' : ''}IN (${ids.sql})`, args: [scope.tenantId, scope.resourceType, filter.param, ...any.args] };
  }
  return { sql: `${filter.not ? 'NOT ' : ''}EXISTS (${indexRowsOf(filter.table, owner)} AND (${any.sql}))`, args: [filter.param, ...any.args] };
}

function filterSql(filter: SearchFilter, scope: Scope, driver: boolean): SqlPart {
  switch (filter.kind) {
    case 'match':
      return matchSql(filter, 'r', driver || filter.not ? scope : undefined);
    case 'missing': {
      const ids = matchingIds(filter.table, scope, { sql: '', args: [] });
      return { sql: `r.id ${filter.missing ? 'NOT ' : ''}IN (${ids.sql})`, args: [scope.tenantId, scope.resourceType, filter.param] };
    }
    case 'chain': {
      // The target must exist (and not be deleted) and match the chained parameter.
      const links = filter.links.map(({ targetType, filter: inner }) => {
        const match = matchSql(inner, 't');
        return {
          sql: `c.target_type = ? AND EXISTS (SELECT 1 FROM fhir_resources t WHERE t.tenant_id = c.tenant_id AND t.resource_type = c.target_type AND t.id = c.target_id AND t.deleted = 0 AND ${match.sql})`,
          args: [targetType, ...match.args],
        };
      });
      const any = anyOfSql(links);
      return {
        sql: `EXISTS (SELECT 1 FROM fhir_search_reference c INDEXED BY fhir_search_reference_resource_idx WHERE c.tenant_id = r.tenant_id AND c.resource_type = r.resource_type AND c.resource_id = r.id AND c.param = ? AND (${any.sql}))`,
        args: [filter.param, ...any.args],
      };
    }
    case 'composite': {
      // Each value's parts all hold (of the resource itself), any of the values may.
      const any = joinSql(filter.anyOf.map((all) => joinSql(all.map((part) => matchSql(part, 'r', scope)), ' AND ')).map((part) => ({ sql: `(${part.sql})`, args: part.args })), ' OR ');
      return { sql: `(${any.sql})`, args: any.args };
    }
    case 'has': {
      // The referring resources that match, then the targets of their references of this type.
      const sources = matchSql(filter.filter, 's', { tenantId: scope.tenantId, resourceType: filter.sourceType });
      return {
        sql: `r.id IN (SELECT c.target_id FROM fhir_search_reference c WHERE c.tenant_id = ? AND c.resource_type = ? AND c.param = ? AND c.target_type = ? AND c.resource_id IN (SELECT s.id FROM fhir_resources s WHERE s.tenant_id = ? AND s.resource_type = ? AND s.deleted = 0 AND ${sources.sql}))`,
        args: [scope.tenantId, filter.sourceType, filter.param, scope.resourceType, scope.tenantId, filter.sourceType, ...sources.args],
      };
    }
    case 'compartment': {
      const params = filter.params.map(() => '?').join(', ');
      const members = {
        sql: `r.id IN (SELECT i.resource_id FROM fhir_search_reference i WHERE i.tenant_id = ? AND i.resource_type = ? AND i.param IN (${params}) AND i.target_type = ? AND i.target_id = ?)`,
        args: [scope.tenantId, scope.resourceType, ...filter.params, filter.targetType, filter.targetId],
      };
      return filter.self ? { sql: `(r.id = ? OR ${members.sql})`, args: [filter.targetId, ...members.args] } : members;
    }
    default:
      return filter satisfies never;
  }
}

const SORT_COLUMNS: Record<IndexTable, [ascending: string, descending: string]> = {
  token: ['code', 'code'],
  string: ['value', 'value'],
  date: ['start', 'end'],
  reference: ['target_id', 'target_id'],
  quantity: ['value', 'value'],
  uri: ['value', 'value'],
};

/** Ascending sorts by the smallest value a resource has, descending by the largest. */
function sortSql({ param, table, descending }: SortRule): SqlPart {
  const direction = descending ? 'DESC' : 'ASC';
  if (param === '_id') return { sql: `r.id ${direction}`, args: [] };
  if (param === '_lastUpdated') return { sql: `r.last_updated ${direction}`, args: [] };
  const column = SORT_COLUMNS[table][descending ? 1 : 0];
  const aggregate = descending ? 'MAX' : 'MIN';
  return {
    sql: `(SELECT ${aggregate}(i.${column}) FROM ${byResource(table)} WHERE i.tenant_id = r.tenant_id AND i.resource_type = r.resource_type AND i.resource_id = r.id AND i.param = ?) ${direction}`,
    args: [param],
  };
}

/** The page and count queries for a search; every value is a `?` argument. */
export function buildSearchSql(tenantId: string, request: SearchRequest): SearchSql {
  const driver = driverFilterIndex(request.filters);
  const scope = { tenantId, resourceType: request.resourceType };
  const where: SqlPart[] = [{ sql: 'r.tenant_id = ? AND r.resource_type = ? AND r.deleted = 0', args: [tenantId, request.resourceType] }, ...request.filters.map((f, i) => filterSql(f, scope, driver === undefined || i === driver))];
  const { sql: whereSql, args: whereArgs } = joinSql(where, ' AND ');
  const sort = [...request.sort.map(sortSql), { sql: 'r.id ASC', args: [] }];
  return {
    sql: `SELECT r.id, r.content FROM fhir_resources r WHERE ${whereSql} ORDER BY ${sort.map((s) => s.sql).join(', ')} LIMIT ? OFFSET ?`,
    args: [...whereArgs, ...sort.flatMap((s) => s.args), request.count, request.offset],
    countSql: `SELECT COUNT(*) AS total FROM fhir_resources r WHERE ${whereSql}`,
    countArgs: whereArgs,
  };
}
