import type { Reference } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, ok } from '../transforms/result';
import { comp, type V2Value } from './v2-value';

/**
 * The guide's PL order of granularity (PL[Location]): bed, room, floor, point of care, building,
 * facility. No Location resources are made, so the place is a Reference by display: its parts from the
 * most granular out, each its first subcomponent; PL.9 (location description) when no part is sent.
 */
const MOST_GRANULAR_FIRST = [3, 2, 8, 1, 7, 4] as const;

/** PL → a Reference whose display names the place (`Bed 03, OMU B, Floor5, HUH AE OMU, Homerton UH, HOMERTON UNIVER`). */
export function plToLocationReference(value: V2Value): MapResult<Reference> {
  const parts = MOST_GRANULAR_FIRST.map((n) => comp(value, n)).filter((part) => part !== '');
  const display = parts.length > 0 ? parts.join(', ') : comp(value, 9);
  return display === '' ? fail('MAP_EMPTY_VALUE', 'the location names no bed, room, floor, point of care, building or facility') : ok({ display });
}
