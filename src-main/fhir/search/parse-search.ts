import { AppError } from '../../core/errors';
import { RESOURCE_COLUMN_PARAMS, isSearchableType, searchParameterFor } from './definitions';
import type { SearchParamInfo } from './definitions';
import type { IndexTable } from './index-rows';
import { parseCondition } from './parse-condition';
import { applyResultParam, DEFAULT_COUNT, isResultParam } from './parse-result-params';
import { searchError, SearchErrorCode } from './search-request';
import type { ChainFilter, CompositeFilter, HasFilter, MatchFilter, MissingFilter, SearchCondition, SearchFilter, SearchRequest } from './search-request';
import { splitUnescaped, unescapeValue } from './search-value-syntax';

const TABLES: Partial<Record<SearchParamInfo['type'], IndexTable>> = {
  token: 'token',
  string: 'string',
  date: 'date',
  reference: 'reference',
  quantity: 'quantity',
  number: 'quantity',
  uri: 'uri',
};

const MODIFIERS: Partial<Record<SearchParamInfo['type'], readonly string[]>> = { string: ['exact', 'contains'], token: ['not', 'text'], uri: ['below', 'above'] };

function splitModifier(name: string): [string, string | undefined] {
  const colon = name.indexOf(':');
  return colon < 0 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** R4 search parameters of every type this server does not implement: refused (or, when lenient, skipped) by name, not as unknown. */
const UNSUPPORTED_COMMON = new Map([
  ['_text', 'searching the narrative (_text) is not supported'],
  ['_content', 'searching the whole content (_content) is not supported'],
  ['_list', 'searching by list (_list) is not supported'],
  ['_query', 'named queries (_query) are not supported'],
  ['_filter', 'the _filter parameter is not supported'],
  ['_containedType', 'searching contained resources is not supported'],
  ['_contained', 'searching contained resources is not supported'],
]);

const unknownParameter = (resourceType: string, name: string, code: string): AppError => {
  const unsupported = UNSUPPORTED_COMMON.get(code);
  if (unsupported !== undefined) return searchError(SearchErrorCode.unknownParameter, `${name}: ${unsupported}`, name, true);
  return searchError(SearchErrorCode.unknownParameter, `${resourceType} has no search parameter "${code}"`, name, true);
};
const unsupportedModifier = (name: string, modifier: string): AppError =>
  searchError(SearchErrorCode.unsupportedModifier, `${name}: the :${modifier} modifier is not supported here`, name);

function modifierAllowed(param: SearchParamInfo, modifier: string): boolean {
  if (param.code === '_id') return modifier === 'not';
  if (RESOURCE_COLUMN_PARAMS.has(param.code)) return false;
  if (param.type === 'reference') return param.targets.includes(modifier);
  return MODIFIERS[param.type]?.includes(modifier) ?? false;
}

/** A composite on the resource itself: each comma-separated value is its components' values joined by `$`, in order. */
function parseComposite(param: SearchParamInfo, components: readonly string[], modifier: string | undefined, value: string, name: string, localBase: string | undefined): CompositeFilter | AppError {
  const resourceType = param.expression.trim();
  if (modifier !== undefined) return unsupportedModifier(name, modifier);
  const anyOf: MatchFilter[][] = [];
  for (const raw of splitUnescaped(value, ',')) {
    const parts = splitUnescaped(raw, '$');
    if (parts.length !== components.length) return searchError(SearchErrorCode.invalidValue, `${name}: "${raw}" needs ${components.length} values joined by $ (${components.join('$')})`, name);
    const all: MatchFilter[] = [];
    for (const [i, part] of parts.entries()) {
      const component = searchParameterFor(resourceType, components[i] as string) as SearchParamInfo;
      const filter = parseFilter(component, undefined, part, name, localBase);
      if (filter instanceof AppError) return filter;
      if (filter.kind !== 'match') return searchError(SearchErrorCode.invalidValue, `${name}: "${part}" is no value of ${component.code}`, name);
      all.push(filter);
    }
    anyOf.push(all);
  }
  return { kind: 'composite', param: param.code, anyOf };
}

function parseFilter(param: SearchParamInfo, modifier: string | undefined, value: string, name: string, localBase: string | undefined): MatchFilter | MissingFilter | AppError {
  const table = TABLES[param.type];
  if (!table) return searchError(SearchErrorCode.unsupportedModifier, `${name}: ${param.type} parameters are not supported`, name, true);
  if (modifier === 'missing' && !RESOURCE_COLUMN_PARAMS.has(param.code)) {
    if (value !== 'true' && value !== 'false') return searchError(SearchErrorCode.invalidValue, `${name}: :missing takes true or false`, name);
    return { kind: 'missing', param: param.code, table, missing: value === 'true' };
  }
  if (modifier !== undefined && !modifierAllowed(param, modifier)) return unsupportedModifier(name, modifier);
  const anyOf: SearchCondition[] = [];
  for (const raw of splitUnescaped(value, ',')) {
    // `_id` is a plain id: `|` in it is data, not a system separator.
    const condition = param.code === '_id' && raw !== '' ? { kind: 'token' as const, code: unescapeValue(raw) } : parseCondition(param, modifier === 'not' ? undefined : modifier, raw, localBase);
    if ('error' in condition) return searchError(SearchErrorCode.invalidValue, `${name}: ${condition.error}`, name);
    anyOf.push(condition);
  }
  return { kind: 'match', param: param.code, table, not: modifier === 'not', anyOf };
}

function parseChain(resourceType: string, name: string, value: string, localBase: string | undefined): ChainFilter | AppError {
  const dot = name.indexOf('.');
  const [code, typeModifier] = splitModifier(name.slice(0, dot));
  const [chainedCode, chainedModifier] = splitModifier(name.slice(dot + 1));
  const invalidChain = (message: string): AppError => searchError(SearchErrorCode.invalidChain, `${name}: ${message}`, name);
  if (chainedCode.includes('.')) return invalidChain('only one level of chaining is supported');
  const param = searchParameterFor(resourceType, code);
  if (!param) return unknownParameter(resourceType, name, code);
  if (param.type !== 'reference') return invalidChain(`${code} is not a reference parameter`);
  if (typeModifier !== undefined && !param.targets.includes(typeModifier)) return invalidChain(`${code} cannot refer to ${typeModifier}`);
  const links: ChainFilter['links'] = [];
  for (const targetType of typeModifier !== undefined ? [typeModifier] : param.targets) {
    const target = searchParameterFor(targetType, chainedCode);
    if (!target) continue;
    const filter = parseFilter(target, chainedModifier, value, name, localBase);
    if (filter instanceof AppError) return filter;
    if (filter.kind !== 'match') return invalidChain(':missing cannot be chained');
    links.push({ targetType, filter });
  }
  if (links.length === 0) return searchError(SearchErrorCode.unknownParameter, `${name}: no target of ${code} has a search parameter "${chainedCode}"`, name, true);
  return { kind: 'chain', param: code, links };
}

/** `_has:[type]:[reference parameter]:[parameter of type]`, one level (search.html#has). */
function parseHas(resourceType: string, name: string, value: string, localBase: string | undefined): HasFilter | AppError {
  const [, sourceType = '', code = '', ...rest] = name.split(':');
  const invalidHas = (message: string): AppError => searchError(SearchErrorCode.invalidChain, `${name}: ${message}`, name);
  const [innerCode = '', innerModifier] = splitModifier(rest.join(':'));
  if (!sourceType || !code || !innerCode) return invalidHas('write it _has:[type]:[reference parameter]:[parameter]');
  if (innerCode === '_has' || innerCode.includes('.')) return invalidHas('only one level of _has, without a chain inside it, is supported');
  if (!isSearchableType(sourceType)) return searchError(SearchErrorCode.unknownParameter, `${name}: "${sourceType}" is not a searchable R4 resource type`, name, true);
  const param = searchParameterFor(sourceType, code);
  if (!param) return unknownParameter(sourceType, name, code);
  if (param.type !== 'reference') return invalidHas(`${sourceType}:${code} is not a reference parameter`);
  if (param.targets.length > 0 && !param.targets.includes(resourceType)) return invalidHas(`${sourceType}:${code} cannot refer to ${resourceType}`);
  const inner = searchParameterFor(sourceType, innerCode);
  if (!inner) return unknownParameter(sourceType, name, innerCode);
  const filter = parseFilter(inner, innerModifier, value, name, localBase);
  if (filter instanceof AppError) return filter;
  if (filter.kind !== 'match') return invalidHas(':missing cannot be used inside _has');
  return { kind: 'has', sourceType, param: code, filter };
}

function parseParameter(resourceType: string, name: string, value: string, localBase: string | undefined): SearchFilter | AppError {
  if (name.startsWith('_has:')) return parseHas(resourceType, name, value, localBase);
  if (name.includes('.')) return parseChain(resourceType, name, value, localBase);
  const [code, modifier] = splitModifier(name);
  const param = searchParameterFor(resourceType, code);
  if (!param) return unknownParameter(resourceType, name, code);
  if (param.type === 'composite') {
    if (param.components) return parseComposite(param, param.components, modifier, value, name, localBase);
    return searchError(SearchErrorCode.unsupportedModifier, `${name}: its parts lie in a repeating element (${param.expression}) that this server cannot tie together; search its parts as separate parameters`, name, true);
  }
  return parseFilter(param, modifier, value, name, localBase);
}

/** Values one search may hold, all parameters together (each comma-separated value counts): its SQL stays within SQLite's bounds. */
export const MAX_SEARCH_VALUES = 1000;

function valuesOf(filter: SearchFilter): number {
  if (filter.kind === 'match') return filter.anyOf.length;
  if (filter.kind === 'chain') return filter.links.reduce((n, link) => n + link.filter.anyOf.length, 0);
  if (filter.kind === 'has') return filter.filter.anyOf.length;
  if (filter.kind === 'composite') return filter.anyOf.reduce((n, all) => n + all.length, 0);
  return 1;
}

/** `Prefer: handling=` (search.html#errors): strict refuses unknown and unsupported parameters; lenient skips them. */
export type SearchHandling = 'strict' | 'lenient';

/**
 * Reads FHIR search parameters (query string pairs, in order) into a request. A repeated parameter
 * is AND-ed; commas inside one value are OR-ed. The first problem found is returned as a AppError —
 * except, when lenient, an unknown or unsupported parameter, which is skipped and named in `ignored`.
 * `localBase` is the server's base URL: a reference value under it is read as a local reference.
 */
export function parseSearch(resourceType: string, params: readonly (readonly [string, string])[], handling: SearchHandling = 'strict', localBase?: string): SearchRequest | AppError {
  if (!isSearchableType(resourceType)) return searchError(SearchErrorCode.unknownType, `"${resourceType}" is not a searchable R4 resource type`, resourceType);
  const request: SearchRequest = { resourceType, filters: [], sort: [], count: DEFAULT_COUNT, offset: 0, include: [], revinclude: [], ignored: [] };
  let values = 0;
  for (const [name, value] of params) {
    if (isResultParam(name)) {
      const error = applyResultParam(request, name, value);
      if (error) return error;
      continue;
    }
    const filter = parseParameter(resourceType, name, value, localBase);
    if (filter instanceof AppError && handling === 'lenient' && (filter.details as { unknown?: boolean }).unknown) {
      if (!request.ignored.includes(name)) request.ignored.push(name);
      continue;
    }
    if (filter instanceof AppError) return filter;
    values += valuesOf(filter);
    if (values > MAX_SEARCH_VALUES) return searchError(SearchErrorCode.invalidValue, `${name}: a search holds at most ${MAX_SEARCH_VALUES} values (all parameters together); split it into several searches`, name);
    request.filters.push(filter);
  }
  return request;
}
