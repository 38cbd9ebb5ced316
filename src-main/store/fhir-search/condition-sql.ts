import type { SearchCondition, SearchPrefix } from '../../fhir/search';

/**
 * The smallest string greater than every string starting with `prefix`, so a starts-with match
 * becomes `value >= prefix AND value < upper` and can use the index.
 */
function prefixUpperBound(prefix: string): string {
  const points = Array.from(prefix);
  const last = points.pop();
  if (last === undefined) return '\u{10FFFF}';
  let next = (last.codePointAt(0) ?? 0) + 1;
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  return points.join('') + String.fromCodePoint(Math.min(next, 0x10ffff));
}

/** A SQL fragment and the arguments for its `?` placeholders, in order. */
export interface SqlPart {
  sql: string;
  args: unknown[];
}

/**
 * A resource value covering [start, end] against a search range [ps, pe], as the R4 prefix table
 * defines it: eq = the search range contains the value, gt = the value extends above the search
 * range, sa = the value starts after it, ge = gt or eq, and the mirror images for lt, eb and le.
 */
export function dateRangeSql(startCol: string, endCol: string, prefix: SearchPrefix, ps: number, pe: number): SqlPart {
  const contained: SqlPart = { sql: `(${startCol} >= ? AND ${endCol} <= ?)`, args: [ps, pe] };
  switch (prefix) {
    case 'eq':
      return contained;
    case 'ne':
      return { sql: `NOT ${contained.sql}`, args: contained.args };
    case 'gt':
      return { sql: `${endCol} > ?`, args: [pe] };
    case 'lt':
      return { sql: `${startCol} < ?`, args: [ps] };
    case 'ge':
      return { sql: `(${endCol} > ? OR ${contained.sql})`, args: [pe, ...contained.args] };
    case 'le':
      return { sql: `(${startCol} < ? OR ${contained.sql})`, args: [ps, ...contained.args] };
    case 'sa':
      return { sql: `${startCol} > ?`, args: [pe] };
    case 'eb':
      return { sql: `${endCol} < ?`, args: [ps] };
    default:
      return prefix satisfies never;
  }
}

function numberSql(col: string, prefix: SearchPrefix, value: number, low: number, high: number): SqlPart {
  switch (prefix) {
    case 'eq':
      return { sql: `(${col} >= ? AND ${col} < ?)`, args: [low, high] };
    case 'ne':
      return { sql: `NOT (${col} >= ? AND ${col} < ?)`, args: [low, high] };
    case 'gt':
    case 'sa':
      return { sql: `${col} > ?`, args: [value] };
    case 'lt':
    case 'eb':
      return { sql: `${col} < ?`, args: [value] };
    case 'ge':
      return { sql: `${col} >= ?`, args: [value] };
    case 'le':
      return { sql: `${col} <= ?`, args: [value] };
    default:
      return prefix satisfies never;
  }
}

/**
 * Parts joined by AND or OR, nested in halves beyond two: SQLite refuses an expression tree deeper than 1,000, which
 * a flat chain of a few hundred OR-ed values (`code=a,b,…`) or AND-ed parameters reaches. Arguments keep their order.
 */
export function joinSql(parts: readonly SqlPart[], op: ' AND ' | ' OR '): SqlPart {
  if (parts.length <= 2) return { sql: parts.map((p) => p.sql).join(op), args: parts.flatMap((p) => p.args) };
  const half = Math.ceil(parts.length / 2);
  const left = joinSql(parts.slice(0, half), op);
  const right = joinSql(parts.slice(half), op);
  return { sql: `(${left.sql})${op}(${right.sql})`, args: [...left.args, ...right.args] };
}

/** One condition over the index row aliased `i`. */
export function conditionSql(condition: SearchCondition): SqlPart {
  switch (condition.kind) {
    case 'token': {
      const parts: SqlPart[] = [];
      if (condition.system === null) parts.push({ sql: 'i.system IS NULL', args: [] });
      else if (condition.system !== undefined) parts.push({ sql: 'i.system = ?', args: [condition.system] });
      if (condition.code !== undefined) parts.push({ sql: 'i.code = ?', args: [condition.code] });
      return joinSql(parts, ' AND ');
    }
    case 'tokenText':
      return { sql: 'i.text >= ? AND i.text < ?', args: [condition.text, prefixUpperBound(condition.text)] };
    case 'string':
      if (condition.match === 'exact') return { sql: 'i.exact = ?', args: [condition.value] };
      if (condition.match === 'contains') return { sql: 'instr(i.value, ?) > 0', args: [condition.value] };
      return { sql: 'i.value >= ? AND i.value < ?', args: [condition.value, prefixUpperBound(condition.value)] };
    case 'date':
      return dateRangeSql('i.start', 'i.end', condition.prefix, condition.start, condition.end);
    case 'number': {
      const parts = [numberSql('i.value', condition.prefix, condition.value, condition.low, condition.high)];
      if (condition.system !== undefined) parts.push({ sql: 'i.system = ?', args: [condition.system] });
      if (condition.code !== undefined) parts.push({ sql: 'i.code = ?', args: [condition.code] });
      return joinSql(parts, ' AND ');
    }
    case 'reference': {
      if (condition.url !== undefined) return { sql: 'i.url = ?', args: [condition.url] };
      const parts: SqlPart[] = [{ sql: 'i.target_id = ?', args: [condition.targetId] }];
      if (condition.targetType !== undefined) parts.unshift({ sql: 'i.target_type = ?', args: [condition.targetType] });
      return joinSql(parts, ' AND ');
    }
    case 'uri':
      if (condition.match === 'below') return { sql: 'i.value >= ? AND i.value < ?', args: [condition.value, prefixUpperBound(condition.value)] };
      if (condition.match === 'above') return { sql: 'substr(?, 1, length(i.value)) = i.value', args: [condition.value] };
      return { sql: 'i.value = ?', args: [condition.value] };
    default:
      return condition satisfies never;
  }
}

/** Conditions OR-ed, each in parentheses. */
export const anyOfSql = (parts: SqlPart[]): SqlPart => joinSql(parts.map((p) => ({ sql: `(${p.sql})`, args: p.args })), ' OR ');
