import type { Address, CodeableConcept, ContactPoint, HumanName, Identifier, Quantity } from '@medplum/fhirtypes';
import type { V2Value } from '../datatypes/v2-value';
import { dateFromIso } from '../transforms/date-transforms';
import { fail, type MapResult } from '../transforms/result';
import { addressToXad, booleanToYn, codeableConceptToCwe, contactPointToXtn, humanNameToXpn, identifierToCx, identifierToEi, numberToNm, quantityToNm, quantityToSn, quantityToUnit, rangeToSn, rangeToText, ratioToSn } from './fhir-datatypes';
import { v2CodeOf } from './v2-names';

/**
 * Every transform a FHIR → v2 rule can name. `runFhirTransform` is the one entry for the engine: it
 * checks the input's shape and turns anything unexpected into an issue — no exception leaves it.
 */

export type V2Output = string | V2Value;
export type FhirTransformArgs = Readonly<Record<string, string | number | boolean | undefined>>;

export interface FhirTransformSpec {
  readonly name: string;
  readonly description: string;
  /** What the input must be: a primitive, or an object (a FHIR datatype). */
  readonly input: 'primitive' | 'object';
  /** The v2 datatype produced. */
  readonly output: string;
  readonly apply: (input: unknown, args: FhirTransformArgs) => MapResult<V2Output>;
}

const object = <T>(name: string, description: string, output: string, fn: (value: T, args: FhirTransformArgs) => MapResult<V2Output>): FhirTransformSpec => ({
  name,
  description,
  input: 'object',
  output,
  apply: (input, args) => fn(input as T, args),
});

const primitive = (name: string, description: string, output: string, fn: (value: unknown, args: FhirTransformArgs) => MapResult<V2Output>): FhirTransformSpec => ({
  name,
  description,
  input: 'primitive',
  output,
  apply: fn,
});

const text = (value: unknown): MapResult<string> =>
  typeof value === 'string' ? { ok: true, value } : typeof value === 'number' || typeof value === 'boolean' ? { ok: true, value: String(value) } : fail('MAP_BAD_INPUT', 'not a text, number or boolean');

export const FHIR_TRANSFORMS: readonly FhirTransformSpec[] = [
  primitive('to_text', 'A string, number or boolean as text', 'ST', (v) => text(v)),
  primitive('date_from_iso', 'FHIR date / dateTime / instant → DTM, precision and offset kept', 'DTM', (v) => {
    const t = text(v);
    return t.ok ? dateFromIso(t.value) : t;
  }),
  primitive('number_to_nm', 'A decimal or integer → NM', 'NM', (v) => numberToNm(v)),
  primitive('boolean_to_yn', 'A boolean → Y / N (table 0136)', 'ID', (v) => booleanToYn(v)),
  primitive('code_to_v2', 'A FHIR code → the v2 code of a guide concept map (args.map, e.g. AdministrativeSex), reversed', 'ID', (v, args) => {
    const t = text(v);
    if (!t.ok) return t;
    return typeof args.map === 'string' ? v2CodeOf(args.map, t.value) : fail('MAP_BAD_ARGS', 'code_to_v2 needs args.map (a concept map name such as AdministrativeSex)');
  }),
  object<Identifier>('identifier_to_cx', 'Identifier → CX (system as the assigning authority HD, type code)', 'CX', (v) => identifierToCx(v)),
  object<Identifier>('identifier_to_ei', 'Identifier → EI (system as the HD in EI.2–4)', 'EI', (v) => identifierToEi(v)),
  object<HumanName>('human_name_to_xpn', 'HumanName → XPN', 'XPN', (v) => humanNameToXpn(v)),
  object<Address>('address_to_xad', 'Address → XAD', 'XAD', (v) => addressToXad(v)),
  object<ContactPoint>('contact_point_to_xtn', 'ContactPoint → XTN', 'XTN', (v) => contactPointToXtn(v)),
  object<CodeableConcept>('codeable_concept_to_cwe', 'CodeableConcept → CWE, system URIs as v2 names (args.prefer: the system put first)', 'CWE', (v, args) =>
    codeableConceptToCwe(v, typeof args.prefer === 'string' ? args.prefer : ''),
  ),
  object<Quantity>('quantity_to_nm', 'Quantity → NM (its value)', 'NM', (v) => quantityToNm(v)),
  object<Quantity>('quantity_to_unit', 'Quantity → units CWE (code, unit, UCUM)', 'CWE', (v) => quantityToUnit(v)),
  object<Quantity>('quantity_to_sn', 'Quantity with a comparator → SN (<5, >=10)', 'SN', (v) => quantityToSn(v)),
  object<{ low?: Quantity; high?: Quantity }>('range_to_sn', 'Range → SN (low-high, >=low, <=high)', 'SN', (v) => rangeToSn(v)),
  object<{ numerator?: Quantity; denominator?: Quantity }>('ratio_to_sn', 'Ratio → SN (numerator:denominator)', 'SN', (v) => ratioToSn(v)),
  object<{ text?: string; low?: Quantity; high?: Quantity }>('range_to_text', 'A reference range → OBX-7 text (low-high, >low, <high)', 'ST', (v) => rangeToText(v)),
];

const BY_NAME: ReadonlyMap<string, FhirTransformSpec> = new Map(FHIR_TRANSFORMS.map((t) => [t.name, t]));

export const fhirTransformNames = (): string[] => FHIR_TRANSFORMS.map((t) => t.name);

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs a named transform on one FHIR value; never throws. */
export function runFhirTransform(name: string, input: unknown, args: FhirTransformArgs = {}): MapResult<V2Output> {
  const spec = BY_NAME.get(name);
  if (!spec) return fail('MAP_UNKNOWN_TRANSFORM', `no FHIR → v2 transform is named ${JSON.stringify(name.slice(0, 40))}`);
  if (spec.input === 'object' && !isObject(input)) return fail('MAP_BAD_INPUT', `${name} takes a FHIR datatype (an object)`);
  if (spec.input === 'primitive' && isObject(input)) return fail('MAP_BAD_INPUT', `${name} takes a primitive (text, number or boolean)`);
  try {
    return spec.apply(input, args);
  } catch {
    return fail('MAP_TRANSFORM_FAILED', `${name} could not read the value's shape`);
  }
}
