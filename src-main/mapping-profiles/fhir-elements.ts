import { tryGetDataType } from '@medplum/core';
import { ensureFhirDefinitions } from '../fhir/definitions/r4-definitions';
import type { FhirElementCheck } from '../mapping/fhir-to-hl7/check-fhir-profile';
import type { FhirStep } from '../mapping/fhir-to-hl7/fhir-path';

const capitalized = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1);

/** The types a step of `type` leads to: an element, a choice (`value[x]`) or one of its typed names (`valueQuantity`). */
function stepTypes(type: string, name: string, choice: boolean): string[] | undefined {
  const elements = tryGetDataType(type)?.elements;
  if (!elements) return undefined;
  if (choice) return elements[`${name}[x]`]?.type.map((t) => t.code);
  const exact = elements[name];
  if (exact) return exact.type.map((t) => t.code);
  for (const [key, element] of Object.entries(elements)) {
    if (!key.endsWith('[x]') || !name.startsWith(key.slice(0, -3))) continue;
    const typed = element.type.find((t) => capitalized(t.code) === name.slice(key.length - 3));
    if (typed) return [typed.code];
  }
  return undefined;
}

/** Follows the path through the R4 definitions; the first step no type along the way has, as an issue. */
function unknownStep(type: string, steps: readonly FhirStep[]): string | undefined {
  let types = [type];
  for (const step of steps) {
    const next = types.flatMap((t) => stepTypes(t, step.name, step.choice) ?? []);
    if (next.length === 0) return `${types.join(' or ')} has no element ${step.name}${step.choice ? '[x]' : ''}`;
    if (step.select === 'filter') {
      const inner = next.map((t) => unknownStep(t, step.path));
      if (inner.every((problem) => problem !== undefined)) return inner[0];
    }
    types = [...new Set(next)];
  }
  return undefined;
}

/**
 * Checks FHIR → v2 paths against the base R4 definitions (loaded now if the engine's background load
 * has not finished): `birthdate` on a Patient is refused, `birthDate` and `multipleBirthBoolean` are not.
 */
export const fhirElementCheck: FhirElementCheck = (type, steps) => {
  ensureFhirDefinitions();
  if (!tryGetDataType(type)) return `${type} is not an R4 resource type`;
  return unknownStep(type, steps);
};
