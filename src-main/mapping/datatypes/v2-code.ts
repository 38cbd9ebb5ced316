import type { Coding } from '@medplum/fhirtypes';
import { V2_CONCEPT_MAPS } from '../../fhir/terminology/concept-maps-data';
import type { V2ConceptMapData } from '../../fhir/terminology/v2-tables';
import type { MapResult } from '../transforms/result';
import { fail, ok } from '../transforms/result';

/**
 * v2 table codes → FHIR codes through the guide's concept maps (the same data the gateway serves as
 * ConceptMap resources). A map is named by the guide's name (`AdministrativeSex`,
 * `PatientClass[EncounterClass]`) or by its table (`0001`, `HL70001`, `v2-0001`) when only one map
 * reads that table. Where a code has several targets, `targetSystem` picks one; otherwise the first
 * target without a condition wins.
 */

const TABLE = /^(?:HL7|v2-)?(\d{4})$/i;

/** The names of the maps a rule can use, for the rules editor. */
export const v2MapNames = (): string[] => V2_CONCEPT_MAPS.map((map) => map.name);

export function findV2Map(nameOrTable: string): MapResult<V2ConceptMapData> {
  const key = nameOrTable.trim();
  const byName = V2_CONCEPT_MAPS.find((map) => map.name === key) ?? V2_CONCEPT_MAPS.find((map) => map.name.toLowerCase() === key.toLowerCase());
  if (byName !== undefined) return ok(byName);
  const table = TABLE.exec(key);
  if (table === null) return fail('MAP_NO_TABLE', 'no bundled concept map has that name (expected a guide map name such as AdministrativeSex, or a table such as 0001)');
  const maps = V2_CONCEPT_MAPS.filter((map) => map.table === `HL7${table[1]}`);
  if (maps.length === 0) return fail('MAP_NO_TABLE', `no bundled concept map reads table ${table[1]}`);
  if (maps.length > 1) return fail('MAP_AMBIGUOUS_TABLE', `table ${table[1]} has several maps; name one: ${maps.map((map) => map.name).join(', ')}`);
  return ok(maps[0]!);
}

/** A v2 code → the FHIR Coding its map gives; fails with MAP_UNMAPPED_CODE when the map has no target for it. */
export function v2Code(nameOrTable: string, code: string, targetSystem?: string): MapResult<Coding> {
  const found = findV2Map(nameOrTable);
  if (!found.ok) return found;
  const map = found.value;
  const key = code.trim();
  if (key === '') return fail('MAP_EMPTY_CODE', 'no code to look up');
  const element = map.elements.find(([c]) => c === key) ?? map.elements.find(([c]) => c.toUpperCase() === key.toUpperCase());
  const targets = (element?.[2] ?? []).filter(([system]) => targetSystem === undefined || map.targetSystems[system] === targetSystem);
  const target = targets.find(([, , , condition]) => !condition) ?? targets[0];
  if (target === undefined) {
    const where = element === undefined ? `is not in table ${map.table.slice(3)}` : 'has no FHIR target';
    return fail('MAP_UNMAPPED_CODE', `the code ${where} in concept map ${map.name}${targetSystem ? ` for ${targetSystem}` : ''}`);
  }
  const [systemIndex, targetCode, display] = target;
  return ok({ system: map.targetSystems[systemIndex], code: targetCode, ...(display ? { display } : {}) });
}
