import type { CapabilityStatementRestResourceSearchParam } from '@medplum/fhirtypes';
import { searchParametersOf } from '../search/definitions';

const SUPPORTED = new Set(['token', 'string', 'date', 'reference', 'quantity', 'number', 'uri']);

/** The search parameters the gateway really answers for a type (composite and special ones are not). */
export function searchParamsOf(resourceType: string): CapabilityStatementRestResourceSearchParam[] {
  const params = searchParametersOf(resourceType)
    .filter((p) => SUPPORTED.has(p.type))
    .map((p) => ({ name: p.code, type: p.type as CapabilityStatementRestResourceSearchParam['type'] }));
  return [{ name: '_id', type: 'token' }, { name: '_lastUpdated', type: 'date' }, ...params.filter((p) => p.name !== '_id' && p.name !== '_lastUpdated')];
}
