import { evalFhirPathTyped, getElementDefinition, toTypedValue, type TypedValue } from '@medplum/core';
import type { Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { fhirFailure } from '../outcome';
import { carryDecimalText, cloneFhirJson } from '../fhir-json-text';

/** One operation of a FHIRPath Patch (https://hl7.org/fhir/R4/fhirpatch.html). */
export interface FhirPathOperation {
  type: 'add' | 'insert' | 'delete' | 'replace' | 'move';
  path: string;
  name?: string;
  /** The new value, and its FHIR type suffix when it came from a value[x] (Coding for valueCoding). */
  value?: { value: unknown; typeSuffix?: string };
  index?: number;
  source?: number;
  destination?: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const TYPES = ['add', 'insert', 'delete', 'replace', 'move'] as const;

const invalid = (message: string) => fhirFailure('validation', 'invalid', `FHIRPath Patch: ${message}`);
const unprocessable = (index: number, message: string) => fhirFailure('unprocessable', 'processing', `FHIRPath Patch operation ${index}: ${message}`);

type Value = NonNullable<FhirPathOperation['value']>;

/** Sets `container[at]` to the value, with the text a decimal was written as (a valueDecimal of `71.50` stays `71.50`). */
function put(container: Json | unknown[], at: string | number, value: Value): void {
  (container as Record<string | number, unknown>)[at] = value.value;
  carryDecimalText(value, 'value', container, at);
}

/** A part's value: its value[x], or an object built from its own parts (how complex values are sent). */
function partValue(part: ParametersParameter): Value | undefined {
  const key = Object.keys(part).find((k) => /^value[A-Z]/.test(k));
  if (key) {
    const found = { value: part[key as keyof ParametersParameter], typeSuffix: key.slice('value'.length) };
    carryDecimalText(part, key, found, 'value');
    return found;
  }
  if (!part.part) return undefined;
  const value: Json = {};
  for (const child of part.part) {
    const inner = partValue(child);
    if (!child.name || inner === undefined || inner.value === undefined) continue;
    const existing = value[child.name];
    if (existing !== undefined && !Array.isArray(existing)) {
      value[child.name] = [existing];
      carryDecimalText(value, child.name, value[child.name] as unknown[], 0);
    }
    const list = value[child.name];
    if (Array.isArray(list)) put(list, list.length, inner);
    else put(value, child.name, inner);
  }
  return { value };
}

/** Reads and checks the operations of a FHIRPath Patch Parameters resource. */
export function readFhirPathPatch(body: unknown): FhirPathOperation[] {
  const parameters = body as Parameters | undefined;
  if (parameters?.resourceType !== 'Parameters') throw invalid('the body must be a Parameters resource');
  const operations = (parameters.parameter ?? []).filter((p) => p.name === 'operation');
  if (operations.length === 0) throw invalid('the Parameters has no "operation" parameter');
  return operations.map((operation, i) => {
    const part = (name: string) => operation.part?.find((p) => p.name === name);
    const type = part('type')?.valueCode;
    const path = part('path')?.valueString;
    if (!TYPES.includes(type as FhirPathOperation['type'])) throw invalid(`operation ${i} has type "${type ?? ''}"; use one of ${TYPES.join(', ')}`);
    if (!path) throw invalid(`operation ${i} has no path`);
    const integer = (name: string) => {
      const value = part(name)?.valueInteger;
      return value === undefined ? undefined : value;
    };
    const op: FhirPathOperation = { type: type as FhirPathOperation['type'], path, name: part('name')?.valueString, value: part('value') ? partValue(part('value') as ParametersParameter) : undefined, index: integer('index'), source: integer('source'), destination: integer('destination') };
    const needs: Record<FhirPathOperation['type'], (keyof FhirPathOperation)[]> = { add: ['name', 'value'], insert: ['value', 'index'], delete: [], replace: ['value'], move: ['source', 'destination'] };
    for (const field of needs[op.type]) if (op[field] === undefined) throw invalid(`operation ${i} (${op.type}) needs "${field}"`);
    return op;
  });
}

/** `X.name` → ["X", "name"] when the path ends in a plain member access. */
function splitMember(path: string): [string, string] | undefined {
  const match = /^(.+)\.([A-Za-z][A-Za-z0-9_]*)$/.exec(path.trim());
  return match ? [match[1] as string, match[2] as string] : undefined;
}

/** The JSON key holding element `name` on a `type`: the name itself, or its choice form (value → valueCoding). */
function keyOf(parent: Json, type: string, name: string): string | undefined {
  if (name in parent) return name;
  if (!(getElementDefinition(type, name) ?? getElementDefinition(type, `${name}[x]`))?.path.endsWith('[x]')) return undefined;
  return Object.keys(parent).find((key) => key.startsWith(name) && /^[A-Z]/.test(key.slice(name.length)));
}

/** Finds where `target` sits inside `node`: its array and index, or its object and key (by identity). */
function locate(node: unknown, target: unknown): { container: Json | unknown[]; at: string | number } | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      if (node[i] === target) return { container: node, at: i };
      const inner = locate(node[i], target);
      if (inner) return inner;
    }
  } else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (child === target) return { container: node, at: key };
      const inner = locate(child, target);
      if (inner) return inner;
    }
  }
  return undefined;
}

function evaluate(resource: Resource, path: string, index: number): TypedValue[] {
  try {
    return evalFhirPathTyped(path, [toTypedValue(resource)]);
  } catch (error) {
    throw unprocessable(index, `"${path}" is not a FHIRPath expression this server can evaluate (${error instanceof Error ? error.message : 'error'})`);
  }
}

function single(resource: Resource, path: string, index: number): TypedValue {
  const found = evaluate(resource, path, index);
  if (found.length !== 1) throw unprocessable(index, `"${path}" must match exactly one element; it matches ${found.length}`);
  return found[0] as TypedValue;
}

function isArrayElement(type: string, name: string): boolean | undefined {
  const definition = getElementDefinition(type, name) ?? getElementDefinition(type, `${name}[x]`);
  return definition ? definition.isArray : undefined;
}

/** Sets element `name`; a choice element (value[x]) takes the new value's type in its key and drops the old one. */
function setElement(parent: Json, type: string, name: string, value: Value): void {
  const isChoice = (getElementDefinition(type, name) ?? getElementDefinition(type, `${name}[x]`))?.path.endsWith('[x]') === true;
  const existing = keyOf(parent, type, name);
  if (existing) delete parent[existing];
  put(parent, isChoice && value.typeSuffix ? `${name}${value.typeSuffix}` : name, value);
}

function replaceOrDelete(resource: Resource, op: FhirPathOperation, index: number): void {
  const member = splitMember(op.path);
  if (member) {
    const parents = evaluate(resource, member[0], index).filter((p) => isObject(p.value));
    if (parents.length === 0 && op.type === 'delete') return;
    if (parents.length !== 1) throw unprocessable(index, `"${member[0]}" must match exactly one element; it matches ${parents.length}`);
    const { value: parentValue, type } = parents[0] as TypedValue;
    const parent = parentValue as Json;
    const key = keyOf(parent, type, member[1]);
    const current = key === undefined ? undefined : parent[key];
    if (Array.isArray(current) && current.length > 1) throw unprocessable(index, `"${op.path}" matches ${current.length} elements; select one (for example with where() or [n])`);
    if (op.type === 'delete') {
      if (key !== undefined) delete parent[key];
      return;
    }
    if (key === undefined) throw unprocessable(index, `"${op.path}" matches no element to replace`);
    if (Array.isArray(current)) {
      parent[key] = [];
      put(parent[key] as unknown[], 0, op.value as Value);
    } else setElement(parent, type, member[1], op.value as Value);
    return;
  }
  const targets = evaluate(resource, op.path, index);
  if (targets.length === 0 && op.type === 'delete') return;
  if (targets.length !== 1) throw unprocessable(index, `"${op.path}" must match exactly one element; it matches ${targets.length}`);
  const where = locate(resource, (targets[0] as TypedValue).value);
  if (!where || !isObject((targets[0] as TypedValue).value)) throw unprocessable(index, `"${op.path}" must end in an element name or select a complex element`);
  if (Array.isArray(where.container)) {
    if (op.type === 'delete') where.container.splice(where.at as number, 1);
    else put(where.container, where.at, op.value as Value);
  } else if (op.type === 'delete') delete where.container[where.at as string];
  else put(where.container, where.at, op.value as Value);
}

function listAt(resource: Resource, op: FhirPathOperation, index: number): unknown[] {
  const member = splitMember(op.path);
  if (!member) throw unprocessable(index, `"${op.path}" must end in the name of a repeating element`);
  const parent = single(resource, member[0], index);
  if (!isObject(parent.value)) throw unprocessable(index, `"${member[0]}" is not an element with children`);
  const list = parent.value[member[1]] ?? [];
  if (!Array.isArray(list)) throw unprocessable(index, `"${op.path}" is not a list`);
  parent.value[member[1]] = list;
  return list;
}

function applyOne(resource: Resource, op: FhirPathOperation, index: number): void {
  switch (op.type) {
    case 'replace':
    case 'delete':
      return replaceOrDelete(resource, op, index);
    case 'add': {
      const container = single(resource, op.path, index);
      if (!isObject(container.value)) throw unprocessable(index, `"${op.path}" is not an element with children`);
      const name = op.name as string;
      const repeats = isArrayElement(container.type, name);
      if (repeats === undefined) throw unprocessable(index, `${container.type} has no element "${name}"`);
      const key = keyOf(container.value, container.type, name);
      if (repeats) {
        const list = key === undefined ? [] : container.value[key];
        const items = Array.isArray(list) ? list : [list];
        put(items, items.length, op.value as Value);
        container.value[name] = items;
      } else if (key !== undefined) throw unprocessable(index, `${op.path}.${name} already has a value; use replace`);
      else setElement(container.value, container.type, name, op.value as Value);
      return;
    }
    case 'insert': {
      const list = listAt(resource, op, index);
      if ((op.index as number) < 0 || (op.index as number) > list.length) throw unprocessable(index, `index ${op.index} is outside 0..${list.length}`);
      list.splice(op.index as number, 0, undefined);
      put(list, op.index as number, op.value as Value);
      return;
    }
    case 'move': {
      const list = listAt(resource, op, index);
      const { source, destination } = op as Required<Pick<FhirPathOperation, 'source' | 'destination'>>;
      if (source < 0 || source >= list.length || destination < 0 || destination >= list.length) throw unprocessable(index, `move ${source} → ${destination} is outside 0..${list.length - 1}`);
      const [moved] = list.splice(source, 1);
      list.splice(destination, 0, moved);
      return;
    }
    default:
      return op.type satisfies never;
  }
}

/** Applies a FHIRPath Patch to a copy of the resource; the caller validates the result. */
export function applyFhirPathPatch(resource: Resource, operations: readonly FhirPathOperation[]): Resource {
  ensureFhirDefinitions();
  const copy = cloneFhirJson(resource);
  operations.forEach((op, i) => applyOne(copy, op, i));
  return copy;
}
