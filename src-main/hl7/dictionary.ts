import { DATATYPE_DATA, DICTIONARY_VERSIONS, SEGMENT_DATA, STRUCTURE_INDEX, STRUCTURE_POOL } from './dictionary-data';
import { inferMessageStructure } from './message-structures';
import { compareVersions } from './version';

/** Name and type of a segment field or datatype component, as defined for one HL7 version. */
export interface Hl7ItemInfo {
  readonly name: string;
  readonly datatype: string;
  /** HL7 table number (e.g. 1 for administrative sex); 0 when none. */
  readonly table: number;
  /** R, O, C, B (backward compatible), W (withdrawn) or ''. */
  readonly optionality: string;
  /** Maximum repetitions; Infinity for unbounded. */
  readonly maxRepetitions: number;
}

interface Entry {
  readonly description: string;
  readonly items: readonly (RawItem | undefined)[];
}
interface RawItem {
  readonly name: string;
  readonly runs: readonly (readonly [from: string, datatype: string])[];
  readonly table: number;
  readonly optionality: string;
  readonly maxRepetitions: number;
}

const NEWEST = DICTIONARY_VERSIONS[DICTIONARY_VERSIONS.length - 1]!;
const entries = new Map<string, Entry | undefined>();

function decodeEntry(data: string | undefined): Entry | undefined {
  if (data === undefined) return undefined;
  const [description = '', ...items] = data.split('|');
  return {
    description,
    items: items.map((item) => {
      if (item === '') return undefined;
      const [name = '', types = '', table = '', optionality = '', rep = ''] = item.split('~');
      const runs = types.split(',').map((run, i): readonly [string, string] => {
        const [datatype = '', from = DICTIONARY_VERSIONS[0]!] = run.split('@');
        return [i === 0 ? DICTIONARY_VERSIONS[0]! : from, datatype];
      });
      return { name, runs, table: Number(table || 0), optionality, maxRepetitions: rep === '*' ? Infinity : Number(rep || 1) };
    }),
  };
}

function entry(kind: 'S' | 'T', id: string): Entry | undefined {
  const key = kind + id;
  if (!entries.has(key)) {
    const table = kind === 'S' ? SEGMENT_DATA : DATATYPE_DATA;
    entries.set(key, decodeEntry(Object.hasOwn(table, id) ? table[id] : undefined));
  }
  return entries.get(key);
}

/** The dictionary version used for `version`: the newest one not after it ('2.3.z' → 2.3, '2.9' → 2.8, '' → newest). */
export function dictionaryVersion(version: string): string {
  if (!/^\d+\.\d+/.test(version)) return NEWEST;
  let chosen = DICTIONARY_VERSIONS[0]!;
  for (const v of DICTIONARY_VERSIONS) if (compareVersions(v, version) <= 0) chosen = v;
  return chosen;
}

function resolve(item: RawItem | undefined, version: string): Hl7ItemInfo | undefined {
  if (item === undefined) return undefined;
  const v = dictionaryVersion(version);
  let datatype = item.runs[0]![1];
  for (const [from, type] of item.runs) if (compareVersions(from, v) <= 0) datatype = type;
  return { name: item.name, datatype, table: item.table, optionality: item.optionality, maxRepetitions: item.maxRepetitions };
}

/** 'Patient Identification' for 'PID'; undefined for Z-segments and unknown ids. */
export function segmentName(id: string): string | undefined {
  return entry('S', id)?.description;
}

export function fieldInfo(segment: string, field: number, version = ''): Hl7ItemInfo | undefined {
  return resolve(entry('S', segment)?.items[field - 1], version);
}

export function datatypeName(datatype: string): string | undefined {
  return entry('T', datatype)?.description;
}

/** Components of a composite datatype ([] for primitives like ST, NM, DTM). */
export function datatypeComponents(datatype: string, version = ''): Hl7ItemInfo[] {
  return (entry('T', datatype)?.items ?? []).map((item) => resolve(item, version) ?? { name: '', datatype: '', table: 0, optionality: '', maxRepetitions: 1 });
}

export function componentInfo(datatype: string, component: number, version = ''): Hl7ItemInfo | undefined {
  return resolve(entry('T', datatype)?.items[component - 1], version);
}

export type StructureNode =
  /** A segment; `oneOf` lists every id a choice position takes (`OBR,RQD,RQ1` in ORM_O01): `id` is the first. */
  | { readonly kind: 'segment'; readonly id: string; readonly oneOf?: readonly string[]; readonly required: boolean; readonly repeats: boolean }
  | { readonly kind: 'group'; readonly name: string; readonly required: boolean; readonly repeats: boolean; readonly children: readonly StructureNode[] };

export interface MessageStructure {
  /** The dictionary key, e.g. ORU_R01. */
  readonly name: string;
  readonly children: readonly StructureNode[];
}

/** Reads `MSH SFT* GROUP(A B?)+ C?`; suffix '' = once, ? = optional, * = any number, + = at least once. */
function parseGrammar(text: string): StructureNode[] {
  let at = 0;
  const list = (): StructureNode[] => {
    const out: StructureNode[] = [];
    while (at < text.length && text[at] !== ')') {
      if (text[at] === ' ') {
        at++;
        continue;
      }
      const word = (): string => {
        const start = at;
        // Names as the dictionary writes them, `Observation/Result_Group` and `GenericSegment` included.
        while (at < text.length && /[A-Za-z0-9_/]/.test(text[at]!)) at++;
        return text.slice(start, at);
      };
      const name = word();
      // A choice position, `OBR,RQD,RQ1`: any one of these segments.
      const oneOf = [name];
      while (text[at] === ',') {
        at++;
        oneOf.push(word());
      }
      if (name === '' && text[at] !== '(') {
        // Grammar this reader does not know: step over it rather than stall.
        at++;
        continue;
      }
      let children: StructureNode[] | undefined;
      if (text[at] === '(') {
        at++;
        children = list();
        at++; // ')'
      }
      const suffix = text[at] === '?' || text[at] === '*' || text[at] === '+' ? text[at++]! : '';
      const required = suffix === '' || suffix === '+';
      const repeats = suffix === '*' || suffix === '+';
      const choice = oneOf.filter((id) => id !== '');
      out.push(children ? { kind: 'group', name, required, repeats, children } : { kind: 'segment', id: name, ...(choice.length > 1 ? { oneOf: choice } : {}), required, repeats });
    }
    return out;
  };
  return list();
}

const structures = new Map<string, MessageStructure>();

/**
 * The abstract message structure for a header: MSH-9.3 when it names one, else the one table 0354
 * gives its event (ADT^A40 → ADT_A39), else `<code>_<trigger>`, else the bare code (2.1 style);
 * undefined when the dictionary has none.
 */
export function messageStructure(header: { messageCode: string; triggerEvent: string; messageStructure: string; version: string }): MessageStructure | undefined {
  const candidates = [inferMessageStructure(header), `${header.messageCode}_${header.triggerEvent}`, header.messageCode];
  const name = candidates.find((c) => c !== '' && Object.hasOwn(STRUCTURE_INDEX, c));
  if (name === undefined) return undefined;
  const v = dictionaryVersion(header.version);
  let poolIndex = -1;
  for (const run of STRUCTURE_INDEX[name]!.split(',')) {
    const [index = '', from] = run.split('@');
    if (from === undefined || compareVersions(from, v) <= 0) poolIndex = Number(index);
  }
  const key = `${name}#${poolIndex}`;
  let structure = structures.get(key);
  if (structure === undefined) {
    structure = { name, children: parseGrammar(STRUCTURE_POOL[poolIndex] ?? '') };
    structures.set(key, structure);
  }
  return structure;
}
