import { crawlTypedValue, toTypedValue, type InternalTypeSchema, type TypedValue } from '@medplum/core';
import type { Coding, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { inExpansion, type Expansion, type ValueSetExpander } from '../terminology/value-set-expansion';
import { isComplex, mayHoldBindings, planOf } from './binding-plan';

type Coded = { code: string; system?: string };

/** The codes a value carries, by its type; undefined for types a binding does not constrain here. */
function codesOf(value: TypedValue): Coded[] | undefined {
  // Primitives that carry extensions arrive boxed (a String with extra keys).
  const raw: unknown = value.value instanceof String ? value.value.valueOf() : value.value;
  switch (value.type) {
    case 'code':
    case 'string':
    case 'uri':
      return typeof raw === 'string' ? [{ code: raw }] : [];
    case 'Coding':
    case 'Quantity': {
      const { code, system } = raw as Coding;
      return typeof code === 'string' ? [{ code, system }] : [];
    }
    case 'CodeableConcept':
      return ((raw as { coding?: Coding[] }).coding ?? []).filter((c): c is Coding & { code: string } => typeof c.code === 'string').map(({ code, system }) => ({ code, system }));
    default:
      return undefined;
  }
}

/** The codes a JSON value of this type carries (the walk's counterpart of codesOf). */
function codesOfJson(type: string, raw: unknown): Coded[] | undefined {
  return raw === null || raw === undefined ? undefined : codesOf({ type, value: raw });
}

const accepted = (expansion: Expansion, codes: Coded[]): boolean => codes.length === 0 || codes.some((c) => inExpansion(expansion, c.code, c.system));
const shown = (codes: Coded[]): string => codes.map((c) => (c.system ? `${c.system}|${c.code}` : `"${c.code}"`)).join(', ');

/** What a walk collects: the issues, and the elements already reported as not checkable. */
interface Findings {
  issues: OperationOutcomeIssue[];
  unchecked: Set<string>;
}

function judge(findings: Findings, valueSet: string, expand: ValueSetExpander, codes: Coded[], path: string): void {
  const expansion = expand(valueSet);
  const element = path.replace(/\[\d+\]/g, '');
  if (!expansion) {
    if (!findings.unchecked.has(element)) findings.issues.push({ severity: 'information', code: 'not-supported', diagnostics: `The value set ${valueSet} cannot be expanded here; ${element} was not checked against it`, expression: [element] });
    findings.unchecked.add(element);
  } else if (!accepted(expansion, codes)) {
    findings.issues.push({ severity: 'error', code: 'code-invalid', diagnostics: `${shown(codes)} is not in the value set ${valueSet} (required binding)`, expression: [path] });
  }
}

/** Walks a JSON object of `type` by the base definitions' plan, into only the elements that can hold a required binding. */
function walk(object: Record<string, unknown>, type: string, path: string, expand: ValueSetExpander, findings: Findings): void {
  const own = type === 'Resource' && typeof object.resourceType === 'string' ? object.resourceType : type;
  for (const field of planOf(own)) {
    const value = object[field.key];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    const many = Array.isArray(value);
    values.forEach((item, i) => {
      const at = `${path}.${field.element}${many ? `[${i}]` : ''}`;
      if (field.valueSet) {
        const codes = codesOfJson(field.type, item);
        if (codes && codes.length > 0) judge(findings, field.valueSet, expand, codes, at);
      }
      if (isComplex(field.type) && typeof item === 'object' && item !== null && mayHoldBindings(field.type)) walk(item as Record<string, unknown>, field.type, at, expand, findings);
    });
  }
}

/**
 * Checks every element with a required binding against its value set: a code outside an expandable
 * value set is an error; a value set we cannot expand is reported once per element as information, and
 * its codes are not judged. A CodeableConcept passes when any of its codings is in the value set (the
 * others may be translations). Against the base definitions the resource's JSON is walked directly,
 * along a plan built once per type (binding-plan.ts) — the resource has passed the structural
 * validation by then; against a profile's schema (`schema`), whose constraints reach into datatypes,
 * @medplum/core's crawler walks it.
 */
export function requiredBindingIssues(resource: Resource, expand: ValueSetExpander, schema?: InternalTypeSchema): OperationOutcomeIssue[] {
  const findings: Findings = { issues: [], unchecked: new Set() };
  if (!schema) {
    walk(resource as unknown as Record<string, unknown>, resource.resourceType, resource.resourceType, expand, findings);
    return findings.issues;
  }
  crawlTypedValue(
    toTypedValue(resource),
    {
      visitProperty: (_parent, key, _path, propertyValues, elementSchema) => {
        const binding = elementSchema.elements[key]?.binding;
        if (binding?.strength !== 'required' || !binding.valueSet) return;
        for (const value of propertyValues.flat()) {
          const codes = value?.value === undefined ? undefined : codesOf(value);
          if (codes && codes.length > 0) judge(findings, binding.valueSet, expand, codes, value.path);
        }
      },
    },
    { schema },
  );
  return findings.issues;
}
