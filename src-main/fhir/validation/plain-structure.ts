import { capitalize, evalFhirPathTyped, fhirTypeToJsType, getDataType, parseFhirPath, toTypedValue, UCUM, validationRegexes, type TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

/**
 * A fast pass over a resource that answers one question: would @medplum/core's base-definition
 * validator (validateResource without a profile) report nothing at all? `true` only when it is sure;
 * anything it does not model (primitive extensions, contained resources, fixed or pattern values,
 * slicing, empty or null values, a reference whose target type the definition refuses) answers `false`,
 * and validate.ts then runs @medplum/core for the issues. The validator walks every element of every
 * definition for every object (its choice-type lookups build a property name per type); this walks the
 * keys a resource has, from tables built once per type. The invariants @medplum/core evaluates
 * (error severity, less the four it skips) are evaluated here the same way, with parsed expressions kept.
 * plain-structure.fuzz.test.ts holds it to that: whenever it says `true`, @medplum/core finds no issue.
 */

/** Invariants @medplum/core does not evaluate (its skippedConstraintKeys). */
const SKIPPED_INVARIANTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);
const MAX_STRING_LENGTH = 1024 * 1024;
const HL7_DEFINITIONS = 'http://hl7.org/fhir/StructureDefinition/';
const MEDPLUM_DEFINITIONS = 'https://medplum.com/fhir/StructureDefinition/';
const JS_TYPES = fhirTypeToJsType as Record<string, string>;
const INTEGER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt']);

type Invariant = { key: string; atom: ReturnType<typeof parseFhirPath> };

/** One JSON property of a type: the element it fills and the type its value has. */
interface Slot {
  /** The element's name in the definition (`value[x]` for `valueQuantity`). */
  element: string;
  type: string;
  isArray: boolean;
  max: number;
  invariants: Invariant[];
  /** The Reference target profiles when the type is Reference. */
  targets: string[] | undefined;
  /** Something this pass does not model (fixed or pattern values, slicing, a resource-typed element). */
  unsupported: boolean;
}

interface CompiledType {
  slots: Map<string, Slot>;
  /** Elements with min > 0, each with the JSON properties that fill it. */
  required: string[][];
  invariants: Invariant[];
}

type SchemaElement = {
  min: number;
  max: number | null;
  isArray?: boolean;
  type?: { code: string; targetProfile?: string[] }[];
  constraints?: { key: string; severity: string; expression: string }[];
  fixed?: unknown;
  pattern?: unknown;
  slicing?: unknown;
};
type Schema = { elements: Record<string, SchemaElement>; constraints?: SchemaElement['constraints'] };

const compiled = new Map<string, CompiledType | null>();

function invariantsOf(constraints: SchemaElement['constraints']): Invariant[] {
  return (constraints ?? []).filter((c) => c.severity === 'error' && !SKIPPED_INVARIANTS.has(c.key)).map((c) => ({ key: c.key, atom: parseFhirPath(c.expression) }));
}

/** A definition @medplum/core does not know is not modelled (it throws for an unknown type). */
function schemaOf(typeName: string): Schema | undefined {
  try {
    return getDataType(typeName) as unknown as Schema | undefined;
  } catch {
    return undefined;
  }
}

function compile(typeName: string): CompiledType | null {
  const schema = schemaOf(typeName);
  if (!schema?.elements) return null;
  const slots = new Map<string, Slot>();
  const required: string[][] = [];
  for (const [name, element] of Object.entries(schema.elements)) {
    // Dotted element names (definitions that flatten backbone elements) are not modelled.
    if (name.includes('.')) return null;
    const types = element.type ?? [];
    const choice = name.endsWith('[x]');
    if (!choice && types.length !== 1) return null;
    const keys: string[] = [];
    for (const type of types) {
      const key = choice ? name.replace('[x]', capitalize(type.code)) : name;
      keys.push(key);
      slots.set(key, {
        element: name,
        type: type.code,
        isArray: element.isArray === true,
        max: element.max ?? Number.POSITIVE_INFINITY,
        invariants: invariantsOf(element.constraints),
        targets: type.code === 'Reference' ? type.targetProfile : undefined,
        unsupported: element.fixed !== undefined || element.pattern !== undefined || element.slicing !== undefined || type.code === 'Resource',
      });
    }
    if (element.min > 0) required.push(keys);
  }
  return { slots, required, invariants: invariantsOf(schema.constraints) };
}

function typeTable(typeName: string): CompiledType | null {
  let table = compiled.get(typeName);
  if (table === undefined) {
    table = compile(typeName);
    compiled.set(typeName, table);
  }
  return table;
}

/** The variables @medplum/core gives an invariant: the value, UCUM, the resource it is in and the root resource. */
interface Scope {
  resource: TypedValue;
  root: TypedValue;
  ucum: TypedValue;
}

function holds(invariants: readonly Invariant[], value: TypedValue, scope: Scope): boolean {
  for (const invariant of invariants) {
    try {
      const result = evalFhirPathTyped(invariant.atom, [value], { '%context': value, '%ucum': scope.ucum, '%resource': scope.resource, '%rootResource': scope.root });
      if (result.length !== 1 || result[0]?.value !== true) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Whether @medplum/core would warn that a reference points at a type the element does not allow. */
function refusedTarget(value: Record<string, unknown>, targets: string[] | undefined): boolean {
  const reference = value.reference;
  if (!targets || typeof reference !== 'string' || reference.startsWith('#')) return false;
  const type = reference.includes('?') ? reference.split('?')[0] : reference.split('/')[0];
  if (!type) return false;
  return !targets.some((t) => t === `${HL7_DEFINITIONS}Resource` || t === `${HL7_DEFINITIONS}${type}` || t === `${MEDPLUM_DEFINITIONS}${type}` || (!t.startsWith(HL7_DEFINITIONS) && !t.startsWith(MEDPLUM_DEFINITIONS)));
}

function plainPrimitive(value: unknown, type: string): boolean {
  const jsType = JS_TYPES[type];
  if (jsType === undefined || typeof value !== jsType) return false;
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH || value.trim() === '') return false;
    const pattern = validationRegexes[type];
    return !pattern || pattern.test(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    if (INTEGER_TYPES.has(type) && !Number.isInteger(value)) return false;
    if (type === 'positiveInt' && value <= 0) return false;
    if (type === 'unsignedInt' && value < 0) return false;
  }
  return true;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function plainObject(value: Record<string, unknown>, table: CompiledType, scope: Scope, atRoot: boolean): boolean {
  const choices = new Set<string>();
  for (const key of Object.keys(value)) {
    if (key === 'resourceType' && atRoot) continue;
    const slot = table.slots.get(key);
    if (!slot || slot.unsupported) return false;
    if (slot.element.endsWith('[x]')) {
      if (choices.has(slot.element)) return false;
      choices.add(slot.element);
    }
    const item = value[key];
    if (Array.isArray(item)) {
      if (!slot.isArray || item.length === 0 || item.length > slot.max) return false;
      for (const each of item) if (!plainValue(each, slot, scope)) return false;
    } else if (slot.isArray || !plainValue(item, slot, scope)) {
      return false;
    }
  }
  for (const keys of table.required) if (!keys.some((key) => value[key] !== undefined)) return false;
  return true;
}

function plainValue(item: unknown, slot: Slot, scope: Scope): boolean {
  if (item === undefined || item === null) return false;
  const jsType = JS_TYPES[slot.type];
  if (jsType !== undefined) return plainPrimitive(item, slot.type) && holds(slot.invariants, { type: slot.type, value: item }, scope);
  if (!isObject(item) || Object.keys(item).length === 0) return false;
  if (refusedTarget(item, slot.targets)) return false;
  if (!holds(slot.invariants, { type: slot.type, value: item }, scope)) return false;
  const table = typeTable(slot.type);
  return table !== null && plainObject(item, table, scope, false);
}

/** True when @medplum/core's base validation of `resource` would report no issue (see above); false means "ask it". */
export function plainlyValid(resource: Resource): boolean {
  const table = typeTable(resource.resourceType);
  if (!table) return false;
  const root = toTypedValue(resource);
  const scope: Scope = { resource: root, root, ucum: toTypedValue(UCUM) };
  return holds(table.invariants, root, scope) && plainObject(resource as unknown as Record<string, unknown>, table, scope, true);
}
