import { evalFhirPathTyped, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { RESOURCE_COLUMN_PARAMS, searchParametersOf } from './definitions';
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

/** Every search index row of a resource, from each R4 search parameter of its type. */
export function extractIndexRows(resource: Resource): IndexRows {
  const rows = emptyIndexRows();
  const input = [toTypedValue(resource)];
  for (const param of searchParametersOf(resource.resourceType)) {
    if (RESOURCE_COLUMN_PARAMS.has(param.code)) continue;
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
