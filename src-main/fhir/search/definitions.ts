import { getSearchParameterDetails, getSearchParameters } from '@medplum/core';
import type { FhirPathAtom } from '@medplum/core';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';

export const SearchParamType = {
  token: 'token',
  string: 'string',
  date: 'date',
  reference: 'reference',
  quantity: 'quantity',
  number: 'number',
  uri: 'uri',
  composite: 'composite',
  special: 'special',
} as const;
export type SearchParamType = (typeof SearchParamType)[keyof typeof SearchParamType];

/** What the search core needs to know about one search parameter of one resource type. */
export interface SearchParamInfo {
  code: string;
  type: SearchParamType;
  expression: string;
  /** Resource types a reference parameter may point at (empty for other types). */
  targets: string[];
}

/** A search parameter with its FHIRPath expression parsed and narrowed to one resource type. */
export interface IndexedSearchParam extends SearchParamInfo {
  atom: FhirPathAtom;
}

/** `_id` and `_lastUpdated` are answered from the fhir_resources row, not from index rows. */
export const RESOURCE_COLUMN_PARAMS: ReadonlySet<string> = new Set(['_id', '_lastUpdated']);

const byType = new Map<string, Map<string, IndexedSearchParam>>();

function paramsOf(resourceType: string): Map<string, IndexedSearchParam> {
  const cached = byType.get(resourceType);
  if (cached) return cached;
  ensureFhirDefinitions();
  const params = new Map<string, IndexedSearchParam>();
  for (const [code, sp] of Object.entries(getSearchParameters(resourceType) ?? {})) {
    // @medplum/core adds its own `_compartment`; only the R4 definitions (with an expression) count.
    if (!sp.expression || code === '_compartment') continue;
    params.set(code, {
      code,
      type: sp.type as SearchParamType,
      expression: sp.expression,
      targets: sp.target ? [...sp.target] : [],
      atom: getSearchParameterDetails(resourceType, sp).parsedExpression,
    });
  }
  byType.set(resourceType, params);
  return params;
}

/** Whether the R4 definitions know any search parameters for this resource type. */
export function isSearchableType(resourceType: string): boolean {
  return paramsOf(resourceType).size > 0;
}

export function searchParameterFor(resourceType: string, code: string): SearchParamInfo | undefined {
  const param = paramsOf(resourceType).get(code);
  return param && { code: param.code, type: param.type, expression: param.expression, targets: param.targets };
}

export function searchParametersOf(resourceType: string): IndexedSearchParam[] {
  return [...paramsOf(resourceType).values()];
}
