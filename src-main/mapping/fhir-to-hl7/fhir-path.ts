import { fail, ok, type MapResult } from '../transforms/result';

/**
 * A small FHIR path, read without evaluation of any code: steps separated by `.`, each an element name
 * with an optional selector — none (the first item of a list), `[n]` (0-based), `[*]` (every item) or
 * `[path=value]` / `[path!=value]` (every item whose sub-path has / lacks that text). `value[x]` names
 * a choice element: the first `valueQuantity`, `valueString`… present.
 */
export type FhirStep =
  | { name: string; choice: boolean; select: 'first' }
  | { name: string; choice: boolean; select: 'all' }
  | { name: string; choice: boolean; select: 'index'; index: number }
  | { name: string; choice: boolean; select: 'filter'; path: FhirStep[]; value: string; negate: boolean };

const STEP = /^([a-zA-Z][A-Za-z0-9]*)(\[x\])?(?:\[([^\]]*)\])?$/;
const FILTER = /^([a-zA-Z][A-Za-z0-9.]*)(!?=)(.*)$/;
const cache = new Map<string, FhirStep[]>();

/** Splits on dots outside brackets: a filter value may hold a URL. */
function split(text: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '.' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) return undefined;
  }
  parts.push(text.slice(start));
  return depth === 0 ? parts : undefined;
}

function parseSteps(text: string): FhirStep[] | undefined {
  const parts = split(text);
  if (!parts) return undefined;
  const steps: FhirStep[] = [];
  for (const part of parts) {
    const m = STEP.exec(part);
    if (!m) return undefined;
    const name = m[1] as string;
    const choice = m[2] !== undefined;
    const selector = m[3];
    if (selector === undefined) steps.push({ name, choice, select: 'first' });
    else if (selector === '*') steps.push({ name, choice, select: 'all' });
    else if (/^\d{1,4}$/.test(selector)) steps.push({ name, choice, select: 'index', index: Number(selector) });
    else {
      const f = FILTER.exec(selector);
      const path = f ? parseSteps(f[1] as string) : undefined;
      if (!f || !path) return undefined;
      steps.push({ name, choice, select: 'filter', path, value: f[3] as string, negate: f[2] === '!=' });
    }
  }
  return steps;
}

/** Reads a path; its issue says what shape was expected. */
export function parseFhirPath(text: string): MapResult<FhirStep[]> {
  const hit = cache.get(text);
  if (hit) return ok(hit);
  const steps = text.length <= 300 ? parseSteps(text) : undefined;
  if (!steps) return fail('MAP_BAD_FHIR_PATH', `${JSON.stringify(text.slice(0, 60))} is not a FHIR path like name[0].family, identifier[*], telecom[use=work] or value[x]`);
  if (cache.size > 4096) cache.clear();
  cache.set(text, steps);
  return ok(steps);
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** Text of a primitive, for filters and conditions ('' for objects and lists). */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

function child(node: Node, step: FhirStep): unknown {
  if (!step.choice) return node[step.name];
  const key = Object.keys(node).find((k) => k.startsWith(step.name) && /^[A-Z]/.test(k.slice(step.name.length)));
  return key === undefined ? undefined : node[key];
}

/** Every value the path gives from `focus`, in document order; absent and empty values are left out. */
export function readFhir(focus: unknown, steps: readonly FhirStep[]): unknown[] {
  let current: unknown[] = [focus];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of current) {
      if (!isNode(node)) continue;
      const value = child(node, step);
      const items = (Array.isArray(value) ? value : [value]).filter(present);
      if (step.select === 'first') next.push(...items.slice(0, 1));
      else if (step.select === 'all') next.push(...items);
      else if (step.select === 'index') next.push(...items.slice(step.index, step.index + 1));
      else if (step.select === 'filter') next.push(...items.filter((item) => readFhir(item, step.path).some((v) => textOf(v) === step.value) !== step.negate));
    }
    current = next;
  }
  return current.filter(present);
}
