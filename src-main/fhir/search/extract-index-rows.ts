import { evalFhirPathTyped, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { RESOURCE_COLUMN_PARAMS, SearchParamType, searchParametersOf } from './definitions';
import type { IndexRows } from './index-rows';
import { emptyIndexRows } from './index-rows';
import { addValueRows } from './value-rows';

function distinct<T>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = JSON.stringify(row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Composite and special parameters give no index rows: their expressions need not run. */
const UNINDEXED: ReadonlySet<string> = new Set([SearchParamType.composite, SearchParamType.special]);

/**
 * Whether the resource holds any of these top-level elements, as written in JSON: `value` is there as
 * `valueQuantity` (a choice) or as `_value` (a primitive with only extensions).
 */
function holdsAny(keys: readonly string[], roots: readonly string[]): boolean {
  return roots.some((root) =>
    keys.some((key) => {
      const name = key.charCodeAt(0) === 95 ? key.slice(1) : key;
      if (!name.startsWith(root)) return false;
      const next = name.charCodeAt(root.length);
      return Number.isNaN(next) || (next >= 65 && next <= 90);
    }),
  );
}

/**
 * Every search index row of a resource, from each R4 search parameter of its type. A parameter whose
 * paths all start at elements the resource does not hold is not evaluated (most of a type's parameters,
 * for a typical resource): FHIRPath would find nothing there.
 */
export function extractIndexRows(resource: Resource): IndexRows {
  const rows = emptyIndexRows();
  const input = [toTypedValue(resource)];
  const keys = Object.keys(resource);
  for (const param of searchParametersOf(resource.resourceType)) {
    if (RESOURCE_COLUMN_PARAMS.has(param.code) || UNINDEXED.has(param.type)) continue;
    if (param.roots && !holdsAny(keys, param.roots)) continue;
    for (const value of evalFhirPathTyped(param.atom, input)) addValueRows(param.code, param.type, value, rows);
  }
  return {
    token: distinct(rows.token),
    string: distinct(rows.string),
    date: distinct(rows.date),
    reference: distinct(rows.reference),
    quantity: distinct(rows.quantity),
    uri: distinct(rows.uri),
  };
}
