import { getSearchParameterDetails, getSearchParameters, isResourceType } from '@medplum/core';
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
  /**
   * A composite whose parts all read the resource itself (`Observation` code-value-quantity): the codes of
   * its component parameters, in order. Undefined for other composites, whose parts lie in a repeating
   * element (a component, a useContext) that the index rows cannot tie together.
   */
  components?: string[];
}

/** A search parameter with its FHIRPath expression parsed and narrowed to one resource type. */
export interface IndexedSearchParam extends SearchParamInfo {
  atom: FhirPathAtom;
  /**
   * The resource's top-level elements the expression starts from (`Observation.component.code` → `component`),
   * or undefined when a part of it starts otherwise: a resource holding none of them yields no value.
   */
  roots: readonly string[] | undefined;
}

/** `_id` and `_lastUpdated` are answered from the fhir_resources row, not from index rows. */
export const RESOURCE_COLUMN_PARAMS: ReadonlySet<string> = new Set(['_id', '_lastUpdated']);

/**
 * A union part that only navigates: `Type.a.b[0]`, `.where(…)`, `as X`, `.as(X)`, `.ofType(X)`,
 * `.resolve()`, `.first()`, `.extension('url')`, parenthesised, with more elements after the parenthesis.
 * Such a path finds nothing when its first element is absent; `exists()`, `and` and the like would.
 */
const NAVIGATION = /^\(?\s*([A-Za-z]+)\.([A-Za-z]+)((\[\d+\])?(\.[A-Za-z]+(\[\d+\])?|\.(as|ofType)\([A-Za-z]+\)|\.resolve\(\)|\.first\(\)|\.extension\('[^'()]*'\))*)(\s+as\s+[A-Za-z]+)?\s*\)?(\.[A-Za-z]+)*(\s+as\s+[A-Za-z]+)?$/;

/** The part without the arguments of its `where(…)` calls, which never run on an empty collection. */
function withoutWhereArguments(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    if (!part.startsWith('.where(', i)) {
      out += part[i];
      continue;
    }
    let depth = 0;
    for (i += 6; i < part.length; i++) {
      if (part[i] === '(') depth++;
      else if (part[i] === ')' && --depth === 0) break;
    }
  }
  return out;
}

/**
 * The elements a union of paths reads first on a `resourceType` (parts written for other resource types
 * read nothing of it), or undefined unless every part only navigates from `Type.element`.
 */
function rootsOf(resourceType: string, expression: string): string[] | undefined {
  const roots = new Set<string>();
  for (const part of expression.split('|')) {
    const match = NAVIGATION.exec(withoutWhereArguments(part.trim()));
    if (!match) return undefined;
    const [, base, element] = match as unknown as [string, string, string];
    if (base === resourceType || base === 'Resource' || base === 'DomainResource') roots.add(element);
    else if (!isResourceType(base)) return undefined;
  }
  return [...roots];
}

const byType = new Map<string, Map<string, IndexedSearchParam>>();

function paramsOf(resourceType: string): Map<string, IndexedSearchParam> {
  const cached = byType.get(resourceType);
  if (cached) return cached;
  ensureFhirDefinitions();
  const params = new Map<string, IndexedSearchParam>();
  const definitions = Object.entries(getSearchParameters(resourceType) ?? {});
  const codeOfUrl = new Map(definitions.map(([code, sp]) => [sp.url, code]));
  for (const [code, sp] of definitions) {
    // @medplum/core adds its own `_compartment`; only the R4 definitions (with an expression) count.
    if (!sp.expression || code === '_compartment') continue;
    const components = sp.type === 'composite' && sp.expression.trim() === resourceType ? sp.component?.map((c) => codeOfUrl.get(c.definition)) : undefined;
    params.set(code, {
      code,
      type: sp.type as SearchParamType,
      expression: sp.expression,
      targets: sp.target ? [...sp.target] : [],
      ...(components?.every((c): c is string => c !== undefined) ? { components } : {}),
      atom: getSearchParameterDetails(resourceType, sp).parsedExpression,
      roots: rootsOf(resourceType, sp.expression),
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
  return param && { code: param.code, type: param.type, expression: param.expression, targets: param.targets, ...(param.components ? { components: param.components } : {}) };
}

export function searchParametersOf(resourceType: string): IndexedSearchParam[] {
  return [...paramsOf(resourceType).values()];
}
