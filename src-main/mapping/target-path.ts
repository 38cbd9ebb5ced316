import { fail, ok, type MapResult } from './transforms/result';
import { carryDecimalText, DecimalText, mergeFhirJson, rememberDecimal } from '../fhir/fhir-json-text';

/** One step of a FHIR target path: an element name and, for repeating elements, which item. */
export interface TargetStep {
  /** An element name; `value[x]` as the last step is a choice, named by the produced value's type. */
  name: string;
  /** A position (0-based), `+` (append), `*` (the position of the source repetition), or none (a single element). */
  index: number | '+' | '*' | undefined;
}

const STEP = /^([a-z][A-Za-z0-9]*)(?:\[(\d{1,3}|\+|\*)\])?$/;
const CHOICE = /^[a-z][A-Za-z0-9]*\[x\]$/;

/** Reads `name[0].family`, `identifier[+]`, `valueQuantity`; its issue says what shape was expected. */
export function parseTargetPath(text: string): MapResult<TargetStep[]> {
  const steps: TargetStep[] = [];
  const parts = text.split('.');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && CHOICE.test(part)) {
      steps.push({ name: part, index: undefined });
      continue;
    }
    const m = STEP.exec(part);
    if (!m) return fail('MAP_BAD_TARGET', `${JSON.stringify(text.slice(0, 60))} is not a target path like name[0].family, identifier[+] or valueQuantity`);
    const index = m[2] === undefined ? undefined : m[2] === '+' || m[2] === '*' ? m[2] : Number(m[2]);
    steps.push({ name: m[1] as string, index });
  }
  return ok(steps);
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Writes `value` at `steps` inside `resource`, making the objects and arrays on the way. `*` stands
 * for `repetition` (0-based); `+` appends. An object written where an object is already merges into
 * it, so `name[0].family` and `name[0].given[+]` build one HumanName.
 */
export function writeAt(resource: Node, path: readonly TargetStep[], produced: unknown, repetition: number): void {
  let node: Node = resource;
  const { steps, value } = resolveChoice(path, produced);
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    if (step.index === undefined) {
      if (last) place(node, step.name, value);
      else node = (isNode(node[step.name]) ? node[step.name] : (node[step.name] = {})) as Node;
      return;
    }
    const list = (Array.isArray(node[step.name]) ? node[step.name] : (node[step.name] = [])) as unknown[];
    const at = step.index === '+' ? list.length : step.index === '*' ? repetition : step.index;
    while (list.length < at) list.push({});
    if (last) place(list as unknown as Node, at, value);
    else node = (isNode(list[at]) ? list[at] : (list[at] = {})) as Node;
  });
}

export const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/**
 * Marks the single primitive at `path` absent when nothing is written there: its `_name` partner holds a
 * data-absent-reason extension, so an invariant asking that it exist (Appointment app-2) still holds.
 * A path through `+`, `*` or to a choice names no one element and is left alone. True when marked.
 */
export function markAbsent(resource: Node, path: readonly TargetStep[], reason: string): boolean {
  const last = path[path.length - 1];
  if (!last || last.index !== undefined || last.name.endsWith('[x]') || path.some((step) => step.index === '+' || step.index === '*')) return false;
  const at = (holder: Node, step: TargetStep): unknown => {
    const item = holder[step.name];
    return typeof step.index === 'number' ? (Array.isArray(item) ? item[step.index] : undefined) : item;
  };
  let node: Node = resource;
  for (const step of path.slice(0, -1)) {
    if (at(node, step) === undefined) writeAt(node, [step], {}, 0);
    const next = at(node, step);
    if (!isNode(next)) return false;
    node = next;
  }
  if (node[last.name] !== undefined || node[`_${last.name}`] !== undefined) return false;
  node[`_${last.name}`] = { extension: [{ url: DATA_ABSENT_REASON, valueCode: reason }] };
  return true;
}

/**
 * Writes `value` at `holder[key]`: an element there is merged with the value's elements (keeping the
 * decimal texts remembered on both), a decimal with its text is written as its number and its text remembered.
 */
function place(holder: Node, key: string | number, value: unknown): void {
  const at = holder as Record<string | number, unknown>;
  if (value instanceof DecimalText) {
    at[key] = value.value;
    rememberDecimal(holder, key, value.text);
  } else if (isNode(value) && isNode(at[key])) at[key] = mergeFhirJson(at[key] as Node, value);
  else at[key] = value;
}

/** A choice target (`value[x]`) takes a typed value `{ type: 'Quantity', value }` and names the element `valueQuantity`. */
function resolveChoice(steps: readonly TargetStep[], produced: unknown): { steps: readonly TargetStep[]; value: unknown } {
  const last = steps[steps.length - 1];
  if (!last?.name.endsWith('[x]')) return { steps, value: produced };
  const typed = produced as { type?: unknown; value?: unknown };
  const type = typeof typed?.type === 'string' ? typed.type : 'String';
  const name = `${last.name.slice(0, -3)}${type.charAt(0).toUpperCase()}${type.slice(1)}`;
  return { steps: [...steps.slice(0, -1), { name, index: undefined }], value: typeof typed?.type === 'string' ? typed.value : produced };
}

/** Empty arrays padded by `writeAt` (`{}` holes where a later position was written first) are removed. */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    value.forEach((item, i) => {
      const kept = pruneEmpty(item);
      if (kept === undefined) return;
      carryDecimalText(value, i, items, items.length);
      items.push(kept);
    });
    return items.length > 0 ? items : undefined;
  }
  if (isNode(value)) {
    const pruned: Node = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = pruneEmpty(item);
      if (kept === undefined) continue;
      // As Object.fromEntries would: an own property even for a key named __proto__.
      Object.defineProperty(pruned, key, { value: kept, enumerable: true, writable: true, configurable: true });
      carryDecimalText(value, key, pruned, key);
    }
    return Object.keys(pruned).length > 0 ? pruned : undefined;
  }
  return value === '' || value === null ? undefined : value;
}
