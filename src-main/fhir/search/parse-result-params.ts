import { AppError } from '../../core/errors';
import { searchParameterFor, searchParametersOf } from './definitions';
import type { IndexTable } from './index-rows';
import { searchError, SearchErrorCode, SummaryMode } from './search-request';
import type { IncludeTarget, SearchRequest } from './search-request';

export const DEFAULT_COUNT = 20;
/** A larger `_count` is clamped to this (FHIR lets a server return fewer than asked; the self link shows the count used). */
export const MAX_COUNT = 1000;
/** How deep a search pages: each page skips `_offset` matches, so a deeper one is refused and no `next` link points past it. */
export const MAX_OFFSET = 100_000;
/** Keys one `_sort` may list: each is a subquery per row, and SQLite refuses an ORDER BY of thousands of terms. */
export const MAX_SORT_KEYS = 20;

/** Parameters that shape the result rather than select resources; `_total` (checked, the total is always given) and formatting are ignored. */
const RESULT_PARAMS = new Set(['_count', '_offset', '_sort', '_summary', '_elements', '_include', '_revinclude']);
const IGNORED_PARAMS = new Set(['_total', '_format', '_pretty']);

const TOTAL_MODES = ['none', 'estimate', 'accurate'];

const SORTABLE: Partial<Record<string, IndexTable>> = { string: 'string', date: 'date', token: 'token', number: 'quantity', quantity: 'quantity', uri: 'uri' };
/** A top-level element name as `_elements` lists it. */
const ELEMENT = /^[A-Za-z][A-Za-z0-9]*$/;

export const isResultParam = (name: string): boolean => {
  const base = name.split(':')[0] ?? name;
  return RESULT_PARAMS.has(base) || IGNORED_PARAMS.has(base);
};

const invalid = (name: string, message: string): AppError => searchError(SearchErrorCode.invalidValue, `${name}: ${message}`, name);

function nonNegativeInteger(name: string, value: string): number | AppError {
  if (!/^\d{1,15}$/.test(value)) return invalid(name, `"${value}" is not a non-negative integer`);
  return Number(value);
}

function parseSort(request: SearchRequest, value: string): AppError | undefined {
  const sort: SearchRequest['sort'] = [];
  const items = value.split(',');
  if (items.length > MAX_SORT_KEYS) return invalid('_sort', `at most ${MAX_SORT_KEYS} sort keys, not ${items.length}`);
  for (const item of items) {
    const descending = item.startsWith('-');
    const code = descending ? item.slice(1) : item;
    const param = searchParameterFor(request.resourceType, code);
    if (!param) return searchError(SearchErrorCode.unknownParameter, `_sort: ${request.resourceType} has no search parameter "${code}"`, '_sort', true);
    const table = SORTABLE[param.type];
    if (!table) return invalid('_sort', `cannot sort by the ${param.type} parameter ${code}`);
    sort.push({ param: code, table, descending });
  }
  request.sort = sort;
  return undefined;
}

function referenceParamsOf(resourceType: string): string[] {
  return searchParametersOf(resourceType)
    .filter((p) => p.type === 'reference')
    .map((p) => p.code);
}

function parseInclude(request: SearchRequest, name: string, value: string): IncludeTarget | AppError {
  const [base, modifier] = name.split(':');
  const direction = base === '_include' ? 'include' : 'revinclude';
  if (modifier !== undefined && modifier !== 'iterate') return searchError(SearchErrorCode.unsupportedModifier, `${name}: only :iterate is supported`, name);
  const iterate = modifier === 'iterate';
  if (value === '*' && direction === 'include') return { direction, sourceType: request.resourceType, params: referenceParamsOf(request.resourceType), iterate };
  const [sourceType = '', code = '', targetType, ...extra] = value.split(':');
  if (extra.length > 0 || code === '') return invalid(name, `"${value}" is not Type:parameter[:targetType]`);
  if (direction === 'include' && !iterate && sourceType !== request.resourceType) return invalid(name, `"${value}" does not start from ${request.resourceType}`);
  const params = code === '*' ? referenceParamsOf(sourceType) : [code];
  for (const p of params) {
    const param = searchParameterFor(sourceType, p);
    if (param?.type !== 'reference') return invalid(name, `${sourceType} has no reference parameter "${p}"`);
    if (targetType !== undefined && param.targets.length > 0 && !param.targets.includes(targetType)) return invalid(name, `${sourceType}.${p} cannot refer to ${targetType}`);
  }
  if (params.length === 0) return invalid(name, `${sourceType} has no reference parameters`);
  return { direction, sourceType, params, ...(targetType !== undefined ? { targetType } : {}), iterate };
}

/** `_summary`'s mode (a search's, and a read's: FHIR defines it for both). */
export function summaryParam(name: string, value: string): SummaryMode | AppError {
  return (SummaryMode as readonly string[]).includes(value) ? (value as SummaryMode) : invalid(name, `"${value}" is not one of ${SummaryMode.join(', ')}`);
}

/** `_elements`' top-level element names (a search's, and a read's). */
export function elementsParam(name: string, value: string): string[] | AppError {
  const elements = value.split(',').map((e) => e.trim());
  const bad = elements.find((e) => !ELEMENT.test(e));
  return bad === undefined ? elements : invalid(name, `"${bad}" is not an element name`);
}

/** Applies a result parameter (`_count`, `_sort`, `_include`, …) to the request. */
export function applyResultParam(request: SearchRequest, name: string, value: string): AppError | undefined {
  const base = name.split(':')[0] ?? name;
  switch (base) {
    case '_count': {
      const count = nonNegativeInteger(name, value);
      if (count instanceof AppError) return count;
      request.count = Math.min(count, MAX_COUNT);
      return undefined;
    }
    case '_offset': {
      const offset = nonNegativeInteger(name, value);
      if (offset instanceof AppError) return offset;
      if (offset > MAX_OFFSET) return searchError(SearchErrorCode.invalidValue, `${name}: pages start at most ${MAX_OFFSET} matches in; narrow the search (for example by _lastUpdated) to reach later matches`, name);
      request.offset = offset;
      return undefined;
    }
    case '_sort':
      return parseSort(request, value);
    case '_summary': {
      const summary = summaryParam(name, value);
      if (summary instanceof AppError) return summary;
      request.summary = summary;
      return undefined;
    }
    case '_elements': {
      const elements = elementsParam(name, value);
      if (elements instanceof AppError) return elements;
      request.elements = elements;
      return undefined;
    }
    case '_include':
    case '_revinclude': {
      const target = parseInclude(request, name, value);
      if (target instanceof AppError) return target;
      request[target.direction].push(target);
      return undefined;
    }
    case '_total':
      return TOTAL_MODES.includes(value) ? undefined : invalid(name, `"${value}" is not one of ${TOTAL_MODES.join(', ')}`);
    default:
      return undefined;
  }
}
