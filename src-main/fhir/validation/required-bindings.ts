import { crawlTypedValue, toTypedValue, type InternalTypeSchema, type TypedValue } from '@medplum/core';
import type { Coding, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { inExpansion, type Expansion, type ValueSetExpander } from '../terminology/value-set-expansion';

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

const accepted = (expansion: Expansion, codes: Coded[]): boolean => codes.length === 0 || codes.some((c) => inExpansion(expansion, c.code, c.system));
const shown = (codes: Coded[]): string => codes.map((c) => (c.system ? `${c.system}|${c.code}` : `"${c.code}"`)).join(', ');

/**
 * Checks every element with a required binding against its value set, crawling the resource with the given
 * schema (a profile's) or its base type. A code outside an expandable value set is an error; a value set we
 * cannot expand is reported once per element as information, and its codes are not judged. A
 * CodeableConcept passes when any of its codings is in the value set (the others may be translations).
 */
export function requiredBindingIssues(resource: Resource, expand: ValueSetExpander, schema?: InternalTypeSchema): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const unchecked = new Set<string>();
  crawlTypedValue(
    toTypedValue(resource),
    {
      visitProperty: (_parent, key, _path, propertyValues, elementSchema) => {
        const binding = elementSchema.elements[key]?.binding;
        if (binding?.strength !== 'required' || !binding.valueSet) return;
        const expansion = expand(binding.valueSet);
        for (const value of propertyValues.flat()) {
          const codes = value?.value === undefined ? undefined : codesOf(value);
          if (!codes || codes.length === 0) continue;
          const element = value.path.replace(/\[\d+\]/g, '');
          if (!expansion) {
            if (!unchecked.has(element)) issues.push({ severity: 'information', code: 'not-supported', diagnostics: `The value set ${binding.valueSet} cannot be expanded here; ${element} was not checked against it`, expression: [element] });
            unchecked.add(element);
          } else if (!accepted(expansion, codes)) {
            issues.push({ severity: 'error', code: 'code-invalid', diagnostics: `${shown(codes)} is not in the value set ${binding.valueSet} (required binding)`, expression: [value.path] });
          }
        }
      },
    },
    schema ? { schema } : undefined,
  );
  return issues;
}
