import { getDataType, isResourceType } from '@medplum/core';

/**
 * One JSON key of a type, as the base definitions declare it: the element it is (`value[x]` for
 * `valueQuantity`, as issue paths name it), the type its values have and the value set a required binding names.
 */
export interface PlannedField {
  key: string;
  element: string;
  type: string;
  valueSet: string | undefined;
}

const plans = new Map<string, readonly PlannedField[]>();
const bound = new Map<string, boolean>();
const dated = new Map<string, boolean>();

const capitalize = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1);
/** Complex types (and backbone elements) start with a capital; primitives do not. */
const isComplex = (type: string): boolean => type.charCodeAt(0) >= 65 && type.charCodeAt(0) <= 90;

/**
 * The JSON keys of a type (a resource, a datatype or a backbone element such as ObservationComponent)
 * from its R4 base definition: a choice element `value[x]` gives one key per type (`valueQuantity`, …).
 * Built once per type.
 */
export function planOf(type: string): readonly PlannedField[] {
  let plan = plans.get(type);
  if (plan) return plan;
  const schema = getDataType(type);
  plan = Object.entries(schema.elements).flatMap(([name, element]) => {
    const valueSet = element.binding?.strength === 'required' ? element.binding.valueSet : undefined;
    const codes = element.type.map((t) => t.code);
    if (!name.endsWith('[x]')) return codes.slice(0, 1).map((code) => ({ key: name, element: name, type: code, valueSet }));
    const stem = name.slice(0, -3);
    return codes.map((code) => ({ key: `${stem}${capitalize(code)}`, element: name, type: code, valueSet }));
  });
  plans.set(type, plan);
  return plan;
}

/**
 * Whether a value of this type can hold, anywhere inside it, a field that `wanted` picks (a `Resource`
 * can: it is judged by the resource it holds). Types that cannot are not walked into; answers are kept in `memo`.
 */
function mayHold(type: string, wanted: (field: PlannedField) => boolean, memo: Map<string, boolean>, visiting: Set<string>): boolean {
  if (type === 'Resource' || isResourceType(type)) return true;
  const known = memo.get(type);
  if (known !== undefined) return known;
  if (!isComplex(type) || visiting.has(type)) return false;
  visiting.add(type);
  const holds = planOf(type).some((field) => wanted(field) || (isComplex(field.type) && mayHold(field.type, wanted, memo, visiting)));
  visiting.delete(type);
  // A type seen only part-way round a cycle is not remembered as "none": its answer may come from the rest of the cycle.
  if (holds || visiting.size === 0) memo.set(type, holds);
  return holds;
}

/** Whether a value of this type can hold an element with a required binding anywhere inside it. */
export const mayHoldBindings = (type: string): boolean => mayHold(type, (field) => field.valueSet !== undefined, bound, new Set());

/** The primitive types that hold a calendar date. */
export const DATE_TYPES: ReadonlySet<string> = new Set(['date', 'dateTime', 'instant']);

/** Whether a value of this type can hold a date, dateTime or instant anywhere inside it. */
export const mayHoldDates = (type: string): boolean => mayHold(type, (field) => DATE_TYPES.has(field.type), dated, new Set());

export { isComplex };
