import { AppError } from '../../core/errors';
import { outcome } from '../outcome';
import type { IndexTable } from './index-rows';

export const SEARCH_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
export type SearchPrefix = (typeof SEARCH_PREFIXES)[number];

/** One value of a parameter; the values of one parameter are OR-ed. */
export type SearchCondition =
  /** system undefined = any system, null = no system; code undefined = any code in the system. */
  | { kind: 'token'; system?: string | null; code?: string }
  | { kind: 'tokenText'; text: string }
  | { kind: 'string'; match: 'startsWith' | 'exact' | 'contains'; value: string }
  | { kind: 'date'; prefix: SearchPrefix; start: number; end: number }
  /** [low, high) is the range the value's precision implies, used by eq and ne. */
  | { kind: 'number'; prefix: SearchPrefix; value: number; low: number; high: number; system?: string; code?: string }
  /** A local target (type omitted: any type), or an absolute URL. */
  | { kind: 'reference'; targetType?: string; targetId: string; url?: never }
  | { kind: 'reference'; url: string; targetType?: never; targetId?: never }
  /** `below`: the stored URI starts with the value (`url:below=http://acme.org/fhir`); `above`: the value starts with the stored URI. */
  | { kind: 'uri'; value: string; match?: 'below' | 'above' };

export interface MatchFilter {
  kind: 'match';
  param: string;
  table: IndexTable;
  /** `:not`: resources with no value matching any of the conditions. */
  not: boolean;
  anyOf: SearchCondition[];
}

export interface MissingFilter {
  kind: 'missing';
  param: string;
  table: IndexTable;
  missing: boolean;
}

/** `subject:Patient.name=x`: a reference parameter whose target matches a filter on the target's type. */
export interface ChainFilter {
  kind: 'chain';
  param: string;
  links: { targetType: string; filter: MatchFilter }[];
}

/**
 * `Patient/123/Observation`: resources that any of `params` (the compartment definition's reference
 * parameters for the type) point at the compartment's owner — or, with `self`, the owner itself.
 */
export interface CompartmentFilter {
  kind: 'compartment';
  params: readonly string[];
  targetType: string;
  targetId: string;
  self: boolean;
}

/**
 * `_has:Observation:patient:code=1234-5` (reverse chaining): resources that a `sourceType` resource
 * matching `filter` refers to through its reference parameter `param`.
 */
export interface HasFilter {
  kind: 'has';
  sourceType: string;
  param: string;
  filter: MatchFilter;
}

/**
 * `code-value-quantity=http://loinc.org|8480-6$gt100,…`: a composite of parameters on the resource itself;
 * each value's parts must all match (AND), and any of the values may (OR).
 */
export interface CompositeFilter {
  kind: 'composite';
  param: string;
  anyOf: MatchFilter[][];
}

/** The parameters of a search; filters are AND-ed. */
export type SearchFilter = MatchFilter | MissingFilter | ChainFilter | CompartmentFilter | HasFilter | CompositeFilter;

export interface SortRule {
  param: string;
  table: IndexTable;
  descending: boolean;
}

/** Which resources `_include` / `_revinclude` add to a page (loaded by the repository after the page query). */
export interface IncludeTarget {
  direction: 'include' | 'revinclude';
  /** The type whose reference rows are followed (the page's type for `_include`, the referring type for `_revinclude`). */
  sourceType: string;
  /** Reference parameters of sourceType to follow. */
  params: string[];
  /** For `_include`, only targets of this type. */
  targetType?: string;
  iterate: boolean;
}

export const SummaryMode = ['true', 'false', 'text', 'data', 'count'] as const;
export type SummaryMode = (typeof SummaryMode)[number];

export interface SearchRequest {
  resourceType: string;
  filters: SearchFilter[];
  sort: SortRule[];
  count: number;
  offset: number;
  summary?: SummaryMode;
  elements?: string[];
  include: IncludeTarget[];
  revinclude: IncludeTarget[];
  /** Unknown or unsupported parameters a lenient search skipped, as sent (`favourite-colour`, `code-value-quantity`). */
  ignored: string[];
}

export const SearchErrorCode = {
  unknownType: 'FHIR_SEARCH_UNKNOWN_TYPE',
  unknownParameter: 'FHIR_SEARCH_UNKNOWN_PARAMETER',
  unsupportedModifier: 'FHIR_SEARCH_UNSUPPORTED_MODIFIER',
  invalidValue: 'FHIR_SEARCH_INVALID_VALUE',
  invalidChain: 'FHIR_SEARCH_INVALID_CHAIN',
} as const;
export type SearchErrorCode = (typeof SearchErrorCode)[keyof typeof SearchErrorCode];

/**
 * A search the core cannot run; returned, not thrown. The message reads well as OperationOutcome diagnostics;
 * `details.param` is the offending parameter as sent (e.g. `birthdate:exact`) and `details.unknown` marks unknown
 * or unsupported parameters, which a lenient search skips (Prefer: handling=lenient).
 */
export function searchError(code: SearchErrorCode, message: string, param: string, unknown = false): AppError {
  const unknownType = code === SearchErrorCode.unknownType;
  const said = outcome('error', unknownType ? 'not-supported' : 'invalid', message, param ? [param] : undefined);
  return new AppError(unknownType ? 'not_found' : 'validation', code, message, { param, unknown, outcome: said });
}
