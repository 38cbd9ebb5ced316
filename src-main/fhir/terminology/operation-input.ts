import type { Coding, Parameters } from '@medplum/fhirtypes';
import { fhirFailure } from '../outcome';

/** An operation's simple input parameters by name; a Coding or CodeableConcept gives system, code, display. */
export type OperationInput = Readonly<Record<string, string | undefined>>;

const PRIMITIVES = ['valueString', 'valueUri', 'valueUrl', 'valueCanonical', 'valueCode', 'valueId', 'valueInteger', 'valueUnsignedInt', 'valuePositiveInt', 'valueBoolean', 'valueDecimal'] as const;

/** Reads the query string (GET) or a Parameters or form body (POST); an explicit parameter beats one taken from a Coding. */
export function operationInput(query: readonly [string, string][], body: unknown): OperationInput {
  const input: Record<string, string> = {};
  const fromCoding: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && !(name in input)) input[name] = String(value);
  };
  const putCoding = (coding: Coding | undefined) => {
    for (const key of ['system', 'code', 'display', 'version'] as const) if (coding?.[key] && !(key in fromCoding)) fromCoding[key] = coding[key];
  };
  for (const [name, value] of query) put(name, value);

  if (typeof body === 'string') {
    for (const [name, value] of new URLSearchParams(body)) put(name, value);
  } else if (body !== undefined && body !== null) {
    const resource = body as Partial<Parameters>;
    if (resource.resourceType !== 'Parameters') throw fhirFailure('validation', 'invalid', 'Send the operation input as a Parameters resource');
    for (const parameter of resource.parameter ?? []) {
      if (parameter.valueCoding) putCoding(parameter.valueCoding);
      else if (parameter.valueCodeableConcept) putCoding(parameter.valueCodeableConcept.coding?.[0]);
      else put(parameter.name ?? '', PRIMITIVES.map((key) => parameter[key]).find((value) => value !== undefined));
    }
  }
  return { ...fromCoding, ...input };
}

/** A non-negative integer parameter, or undefined when absent. */
export function integerParameter(input: OperationInput, name: string): number | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw fhirFailure('validation', 'invalid', `${name} must be a non-negative integer`, [name]);
  return Number(value);
}
