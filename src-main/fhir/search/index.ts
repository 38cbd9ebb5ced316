export { searchParameterFor, SearchParamType } from './definitions';
export type { SearchParamInfo } from './definitions';
export { extractIndexRows } from './extract-index-rows';
export type { DateRow, IndexRows, IndexTable, QuantityRow, ReferenceRow, StringRow, TokenRow, UriRow } from './index-rows';
export { parseSearch } from './parse-search';
export { DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET } from './parse-result-params';
export { includeTargets } from './include-targets';
export { searchError, SearchErrorCode } from './search-request';
export type { ChainFilter, IncludeTarget, MatchFilter, MissingFilter, SearchCondition, SearchFilter, SearchPrefix, SearchRequest, SortRule, SummaryMode } from './search-request';
