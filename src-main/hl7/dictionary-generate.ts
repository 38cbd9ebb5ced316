/**
 * Writes dictionary-data.ts from hl7v2-dictionary (2.1 … 2.8) to stdout:
 *   npx tsx src-main/hl7/dictionary-generate.ts > src-main/hl7/dictionary-data.ts
 * Importing hl7v2-dictionary at runtime costs ~0.5 s and 3 MB; the generated table is ~10× smaller
 * and loads instantly. Versions are merged: names come from the newest version that defines an item,
 * datatypes keep per-version runs because they changed (TS → DTM, CE → CWE) and drive component names.
 */
import { dictionaries } from 'hl7v2-dictionary';
import type { HL7FieldDefinition, HL7MessageSegmentsDefinition } from 'hl7v2-dictionary';

const versions = Object.keys(dictionaries).sort(compareVersions);

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function clean(text: string | undefined): string {
  const out = (text ?? '').replace(/вЂ“/g, '-').replace(/\s+/g, ' ').trim();
  if (/[|~]/.test(out)) throw new Error(`description uses a reserved character: ${out}`);
  return out;
}

interface MergedItem {
  name: string;
  runs: Array<[version: string, type: string]>;
  table: number;
  opt: string;
  rep: string;
}

/** `TS,DTM@2.6`: TS until 2.6, DTM from 2.6 on. */
function encodeRuns(runs: Array<[string, string]>): string {
  const out: string[] = [];
  let last = '';
  for (const [version, type] of runs) {
    if (type === last) continue;
    out.push(out.length === 0 ? type : `${type}@${version}`);
    last = type;
  }
  return out.join(',');
}

function encodeItem(item: MergedItem | undefined): string {
  if (!item) return '';
  const parts = [item.name, encodeRuns(item.runs), item.table ? String(item.table) : '', item.opt, item.rep];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('~');
}

function merge(pick: (version: string) => Record<string, { desc?: string; fields?: Record<string, HL7FieldDefinition> }>): Record<string, string> {
  const merged = new Map<string, { desc: string; items: Map<number, MergedItem> }>();
  for (const version of versions) {
    for (const [id, def] of Object.entries(pick(version))) {
      const entry = merged.get(id) ?? { desc: '', items: new Map<number, MergedItem>() };
      merged.set(id, entry);
      if (def.desc) entry.desc = clean(def.desc);
      for (const [key, field] of Object.entries(def.fields ?? {})) {
        const index = Number(key);
        const item = entry.items.get(index) ?? { name: '', runs: [], table: 0, opt: '', rep: '' };
        entry.items.set(index, item);
        if (field.desc) item.name = clean(field.desc);
        item.runs.push([version, field.type]);
        if (field.table) item.table = field.table;
        item.opt = field.opt ?? '';
        item.rep = field.rep === 'infinite' ? '*' : field.rep && field.rep > 1 ? String(field.rep) : '';
      }
    }
  }
  const out: Record<string, string> = {};
  for (const id of [...merged.keys()].sort()) {
    const { desc, items } = merged.get(id)!;
    const max = Math.max(0, ...items.keys());
    const fields: string[] = [];
    for (let i = 1; i <= max; i++) fields.push(encodeItem(items.get(i)));
    out[id] = [desc, ...fields].join('|');
  }
  return out;
}

/** Structure grammar: `MSH SFT* PATIENT_RESULT(PATIENT(PID …)? ORDER_OBSERVATION(…)+)+ DSC?`. */
function grammar(segments: Record<string, HL7MessageSegmentsDefinition> | undefined): string {
  return Object.entries(segments ?? {})
    .sort((a, b) => a[1].idx - b[1].idx)
    .map(([name, def]) => {
      const min = def.min ?? 0;
      const suffix = min >= 1 ? (def.max === 1 ? '' : '+') : def.max === 1 ? '?' : '*';
      return def.segments ? `${name}(${grammar(def.segments)})${suffix}` : `${name}${suffix}`;
    })
    .join(' ');
}

function structures(): { pool: string[]; index: Record<string, string> } {
  const pool: string[] = [];
  const runs = new Map<string, Array<[string, number]>>();
  for (const version of versions) {
    for (const [key, def] of Object.entries(dictionaries[version as keyof typeof dictionaries].messages)) {
      const text = grammar(def.segments);
      let at = pool.indexOf(text);
      if (at === -1) at = pool.push(text) - 1;
      const list = runs.get(key) ?? [];
      runs.set(key, list);
      if (list.length === 0 || list[list.length - 1]![1] !== at) list.push([version, at]);
    }
  }
  const index: Record<string, string> = {};
  for (const key of [...runs.keys()].sort()) {
    index[key] = runs.get(key)!.map(([version, at], i) => (i === 0 ? `${at}` : `${at}@${version}`)).join(',');
  }
  return { pool, index };
}

const dict = (version: string) => dictionaries[version as keyof typeof dictionaries];
const segments = merge((v) => dict(v).segments);
const datatypes = merge((v) => dict(v).types);
const { pool, index } = structures();

const literal = (value: unknown): string => JSON.stringify(value, null, 1).replace(/\n\s*/g, '\n  ');
process.stdout.write(`// Generated by dictionary-generate.ts from hl7v2-dictionary; do not edit by hand.
// Segment / datatype entries: 'Description|item 1|item 2|…', item = 'Name~TYPE[,TYPE@fromVersion…]~table~optionality~repeat'.
// Structures: grammar strings; STRUCTURE_INDEX maps a message key to 'poolIndex[,poolIndex@fromVersion…]'.

export const DICTIONARY_VERSIONS: readonly string[] = ${JSON.stringify(versions)};

export const SEGMENT_DATA: Readonly<Record<string, string>> = ${literal(segments)};

export const DATATYPE_DATA: Readonly<Record<string, string>> = ${literal(datatypes)};

export const STRUCTURE_POOL: readonly string[] = ${literal(pool)};

export const STRUCTURE_INDEX: Readonly<Record<string, string>> = ${literal(index)};
`);
