import type { CapabilityStatementRestResourceSearchParam } from '@medplum/fhirtypes';
import { searchParametersOf } from '../search/definitions';

const SUPPORTED = new Set(['token', 'string', 'date', 'reference', 'quantity', 'number', 'uri']);

/**
 * The search parameters the gateway really answers for a type: special ones are not, nor composites whose
 * parts lie in a repeating element (only those of the resource itself, such as code-value-quantity, are).
 */
export function searchParamsOf(resourceType: string): CapabilityStatementRestResourceSearchParam[] {
  const params = searchParametersOf(resourceType)
    .filter((p) => SUPPORTED.has(p.type) || (p.type === 'composite' && p.components !== undefined))
    .map((p) => ({ name: p.code, type: p.type as CapabilityStatementRestResourceSearchParam['type'] }));
  return [{ name: '_id', type: 'token' }, { name: '_lastUpdated', type: 'date' }, ...params.filter((p) => p.name !== '_id' && p.name !== '_lastUpdated')];
}
