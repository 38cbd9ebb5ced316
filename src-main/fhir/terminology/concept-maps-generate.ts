/**
 * Generates concept-maps-data.ts from the HL7 V2-to-FHIR guide's concept map CSVs.
 * Usage: npx tsx src-main/fhir/terminology/concept-maps-generate.ts [path/to/v2-to-fhir]
 * (default ../shared/reference/v2-to-fhir beside the repository).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from './csv';
import { v2TableSystem } from './v2-tables';

type Target = [system: number, code: string, display: string, condition?: string];
interface GeneratedMap {
  name: string;
  table: string;
  targetSystems: string[];
  elements: [code: string, text: string, targets: Target[]][];
}

/** Where the guide's copied mappings live by default: ../shared/reference/v2-to-fhir beside the repository. */
export const DEFAULT_SOURCE = resolve(import.meta.dirname, '../../../../shared/reference/v2-to-fhir');
export const GENERATED_FILE = join(import.meta.dirname, 'concept-maps-data.ts');

/** `HL70001`, `HL7-0354` and `HL0207` all name a v2 table; returns the canonical `HL7nnnn` or undefined. */
export function normalizeTable(value: string): string | undefined {
  const match = /^HL7?-?(\d{1,4})$/i.exec(value.trim());
  return match ? `HL7${match[1].padStart(4, '0')}` : undefined;
}

const header = (row: string[] | undefined): string[] => (row ?? []).map((cell) => cell.trim().toLowerCase());

function readMap(path: string, name: string, inventoryTable: string): GeneratedMap | undefined {
  const [groups, names, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const columns = header(names);
  const fhirStart = Math.max(header(groups).indexOf('hl7 fhir'), columns.indexOf('code', 1));
  const at = (label: string, from = 0) => {
    const index = columns.indexOf(label, from);
    if (index < 0) throw new Error(`${path}: no "${label}" column`);
    return index;
  };
  const v2 = { code: at('code'), text: at('text'), system: at('code system') };
  const fhir = { code: at('code', fhirStart), display: at('display', fhirStart), system: at('code system', fhirStart) };
  const condition = columns.findIndex((label) => label === 'narrative');

  const cell = (row: string[], index: number) => (row[index] ?? '').replace(/\s+/g, ' ').trim();
  const tables = new Map<string, number>();
  const targetSystems: string[] = [];
  const elements = new Map<string, [string, string, Target[]]>();
  for (const row of rows) {
    const code = cell(row, v2.code);
    if (code === '') continue;
    const table = normalizeTable(cell(row, v2.system));
    if (table) tables.set(table, (tables.get(table) ?? 0) + 1);
    const element = elements.get(code) ?? [code, cell(row, v2.text), []];
    elements.set(code, element);
    const targetCode = cell(row, fhir.code);
    const system = cell(row, fhir.system);
    if (targetCode === '' || system === '') continue;
    if (!targetSystems.includes(system)) targetSystems.push(system);
    const target: Target = [targetSystems.indexOf(system), targetCode, cell(row, fhir.display)];
    const when = condition >= 0 ? cell(row, condition) : '';
    if (when !== '') target.push(when);
    if (!element[2].some((t) => t[0] === target[0] && t[1] === target[1])) element[2].push(target);
  }
  if (elements.size === 0) return undefined;
  const fromFile = [...tables].sort((a, b) => b[1] - a[1])[0]?.[0];
  const table = fromFile ?? normalizeTable(inventoryTable);
  if (!table) throw new Error(`${path}: no v2 table`);
  if (fromFile && inventoryTable && fromFile !== inventoryTable) console.warn(`${name}: file says ${fromFile}, inventory says ${inventoryTable}`);
  return { name, table, targetSystems, elements: [...elements.values()] };
}

/** The text of concept-maps-data.ts for the copy at sourceRoot (MANIFEST.csv, SOURCES.md, mappings/codesystems). */
export function generateConceptMapsModule(sourceRoot: string): string {
  const [manifestHeader, ...manifest] = parseCsv(readFileSync(join(sourceRoot, 'MANIFEST.csv'), 'utf8'));
  const col = (label: string) => manifestHeader.indexOf(label);
  const commit = /Commit: `([0-9a-f]{40})`/.exec(readFileSync(join(sourceRoot, 'SOURCES.md'), 'utf8'))?.[1] ?? 'unknown';
  const maps = manifest
    .filter((row) => row[col('kind')] === 'codesystem')
    .map((row) => readMap(join(sourceRoot, row[col('local_path')]), row[col('name')], row[col('v2_table')]))
    .filter((map): map is GeneratedMap => map !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const body = maps
    .map((map) => {
      const elements = map.elements.map((element) => `      ${JSON.stringify(element)},`).join('\n');
      return [
        '  {',
        `    name: ${JSON.stringify(map.name)},`,
        `    table: ${JSON.stringify(map.table)},`,
        `    system: ${JSON.stringify(v2TableSystem(map.table))},`,
        `    targetSystems: ${JSON.stringify(map.targetSystems)},`,
        `    elements: [\n${elements}\n    ],`,
        '  },',
      ].join('\n');
    })
    .join('\n');
  return `// Generated by concept-maps-generate.ts: do not edit. Regenerate with
//   npx tsx src-main/fhir/terminology/concept-maps-generate.ts
// Source: the concept map CSVs (mappings/codesystems) of the HL7 V2-to-FHIR guide,
// https://github.com/HL7/v2-to-fhir commit ${commit} (Apache-2.0; published IG CC0-1.0).
// Rows without a v2 code and maps without any are left out.
import type { V2ConceptMapData } from './v2-tables';

export const V2_CONCEPT_MAPS: readonly V2ConceptMapData[] = [
${body}
];
`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(GENERATED_FILE, generateConceptMapsModule(resolve(process.argv[2] ?? DEFAULT_SOURCE)));
  console.log(`wrote ${GENERATED_FILE}`);
}
