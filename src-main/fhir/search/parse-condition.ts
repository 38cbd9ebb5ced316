import { dateRange } from './date-range';
import type { SearchParamInfo } from './definitions';
import { normalizeText } from './normalize-text';
import { referenceParts } from './reference-parts';
import { numberRange, splitPrefix, splitUnescaped, unescapeValue } from './search-value-syntax';
import type { SearchCondition, SearchPrefix } from './search-request';

/** A condition, or the reason the value cannot be one. */
export type ParsedCondition = SearchCondition | { error: string };

function tokenCondition(raw: string, modifier: string | undefined): ParsedCondition {
  if (modifier === 'text') return { kind: 'tokenText', text: normalizeText(unescapeValue(raw)) };
  const parts = splitUnescaped(raw, '|').map(unescapeValue);
  const [first = '', second] = parts;
  if (parts.length > 2) return { error: `"${raw}" is not a token (system|code)` };
  if (second === undefined) return { kind: 'token', code: first };
  if (first === '' && second === '') return { error: 'A token needs a system or a code' };
  if (first === '') return { kind: 'token', system: null, code: second };
  if (second === '') return { kind: 'token', system: first };
  return { kind: 'token', system: first, code: second };
}

function stringCondition(raw: string, modifier: string | undefined): ParsedCondition {
  const value = unescapeValue(raw);
  if (modifier === 'exact') return { kind: 'string', match: 'exact', value };
  return { kind: 'string', match: modifier === 'contains' ? 'contains' : 'startsWith', value: normalizeText(value) };
}

function withPrefix(raw: string): { prefix: SearchPrefix; rest: string } | { error: string } {
  const { prefix, rest } = splitPrefix(raw);
  if (prefix === 'ap') return { error: 'The ap (approximately) prefix is not supported' };
  return { prefix, rest };
}

function dateCondition(raw: string): ParsedCondition {
  const split = withPrefix(raw);
  if ('error' in split) return split;
  const range = dateRange(split.rest);
  if (!range) return { error: `"${raw}" is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)` };
  return { kind: 'date', prefix: split.prefix, ...range };
}

function numberCondition(raw: string, withUnit: boolean): ParsedCondition {
  const split = withPrefix(raw);
  if ('error' in split) return split;
  const parts = splitUnescaped(split.rest, '|').map(unescapeValue);
  if (parts.length !== 1 && !(withUnit && parts.length === 3)) return { error: `"${raw}" is not a ${withUnit ? 'quantity (number|system|code)' : 'number'}` };
  const [number = '', system = '', code = ''] = parts;
  const range = numberRange(number);
  if (!range) return { error: `"${raw}" does not start with a number` };
  return { kind: 'number', prefix: split.prefix, ...range, ...(system ? { system } : {}), ...(code ? { code } : {}) };
}

function referenceCondition(param: SearchParamInfo, raw: string, typeModifier: string | undefined, localBase: string | undefined): ParsedCondition {
  const written = unescapeValue(raw);
  // An absolute URL below this server's own base names a local resource (search.html#reference): `[base]/Patient/1` is `Patient/1`.
  const value = localBase !== undefined && written.startsWith(`${localBase}/`) ? written.slice(localBase.length + 1) : written;
  const local = referenceParts(value);
  if (!local) return { error: `"${raw}" is not a reference` };
  let condition: SearchCondition;
  if (local.targetType !== null && local.targetId !== null) condition = { kind: 'reference', targetType: local.targetType, targetId: local.targetId };
  else if (/[/:]/.test(value)) condition = { kind: 'reference', url: value };
  else {
    const only = typeModifier ?? (param.targets.length === 1 ? param.targets[0] : undefined);
    condition = { kind: 'reference', ...(only ? { targetType: only } : {}), targetId: value };
  }
  if (typeModifier && condition.targetType && condition.targetType !== typeModifier) return { error: `"${raw}" is not a ${typeModifier} reference` };
  if (condition.targetType && param.targets.length > 0 && !param.targets.includes(condition.targetType)) {
    return { error: `${param.code} cannot refer to ${condition.targetType}` };
  }
  return condition;
}

/**
 * Reads one comma-separated value of a parameter. `modifier` has already been checked against the
 * parameter's type; for references it is a target type (`subject:Patient`), if any. `localBase` is the
 * server's own base URL, under which an absolute reference is read as a local one.
 */
export function parseCondition(param: SearchParamInfo, modifier: string | undefined, raw: string, localBase?: string): ParsedCondition {
  if (raw === '') return { error: 'The value is empty' };
  switch (param.type) {
    case 'token':
      return tokenCondition(raw, modifier);
    case 'string':
      return stringCondition(raw, modifier);
    case 'date':
      return dateCondition(raw);
    case 'number':
      return numberCondition(raw, false);
    case 'quantity':
      return numberCondition(raw, true);
    case 'reference':
      return referenceCondition(param, raw, modifier, localBase);
    case 'uri':
      return { kind: 'uri', value: unescapeValue(raw), ...(modifier === 'below' || modifier === 'above' ? { match: modifier } : {}) };
    case 'composite':
    case 'special':
      return { error: `${param.type} parameters are not supported` };
    default:
      return param.type satisfies never;
  }
}
