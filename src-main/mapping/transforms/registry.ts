import { edToAttachment, rpToAttachment } from '../datatypes/attachment';
import { cweToCodeableConcept, cweToCoding } from '../datatypes/codeable-concept';
import { drToPeriod, dtmToExactInstant, dtmToInstant, dtToDate, tmToTime, tsToDateTime } from '../datatypes/date-time';
import type { DateTimeOptions } from '../datatypes/date-time';
import { xadToAddress } from '../datatypes/address';
import { xtnToContactPoint } from '../datatypes/contact-point';
import { xpnToHumanNames } from '../datatypes/human-name';
import { cxToIdentifier, eiToIdentifier, eipToIdentifiers, hdToSystem } from '../datatypes/identifier';
import { durationMs, endAfter } from '../datatypes/duration';
import { cqToQuantity, nmToDecimal, nmToDecimalText, nmToValue, nrToRange, snToValue, unitOf } from '../datatypes/number';
import { plToLocationReference } from '../datatypes/location';
import { xcnToHumanName, xcnToPractitioner } from '../datatypes/practitioner';
import { formattedToString, toCode, v2ToText } from '../datatypes/text';
import { findV2Map, v2Code } from '../datatypes/v2-code';
import type { V2Value } from '../datatypes/v2-value';
import { comp } from '../datatypes/v2-value';
import { dateFromIso, dateToIso, dateToUnix } from './date-transforms';
import { normalizeGender } from './gender';
import { asText, asV2, isV2Value } from './input';
import { formatPhoneUs, normalizePhone } from './phone';
import type { MapIssue, MapResult } from './result';
import { fail, issue, ok } from './result';
import { capitalize, fullName, jsonParse, jsonStringify, lowercase, round, toBoolean, trim, uppercase } from './text-transforms';
import type { NameLike } from './text-transforms';

/**
 * Every transform a mapping rule can name, with what it takes, so the rules editor can list them and
 * check a rule before it runs. `runTransform` is the one entry for the mapper: it checks the arguments,
 * coerces the input and turns anything unexpected into an issue — no exception leaves it.
 */

export type ArgType = 'string' | 'number' | 'boolean';
export type TransformArgs = Readonly<Record<string, string | number | boolean | undefined>>;

/** What a run gives every transform beside the rule's arguments: the sender's IANA time zone for times sent without an offset. */
export interface TransformEnv {
  readonly timeZone?: string | undefined;
}

export interface TransformArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly required: boolean;
  readonly description: string;
}

export interface TransformSpec {
  readonly name: string;
  readonly description: string;
  /** What the input is read as: a leaf string, a field repetition (V2Value), or any value (JSON). */
  readonly input: 'text' | 'v2' | 'any';
  /** The FHIR type (or JSON type) produced. */
  readonly output: string;
  readonly args: readonly TransformArgSpec[];
  readonly apply: (input: unknown, args: TransformArgs, env: TransformEnv) => MapResult<unknown>;
}

const OFFSET_ARG: TransformArgSpec = { name: 'default_offset', type: 'string', required: false, description: "UTC offset (+hh:mm) for times sent without one, instead of the sender's time zone" };
/** A rule's default offset wins over the sender's zone. */
const dateOptions = (args: TransformArgs, env: TransformEnv): DateTimeOptions => ({ timeZone: env.timeZone, ...(typeof args.default_offset === 'string' ? { defaultOffset: args.default_offset } : {}) });

const text = (name: string, description: string, output: string, fn: (text: string, args: TransformArgs, env: TransformEnv) => MapResult<unknown>, args: TransformArgSpec[] = []): TransformSpec => ({
  name,
  description,
  input: 'text',
  output,
  args,
  apply: (input, a, env) => {
    const t = asText(input);
    return t.ok ? fn(t.value, a, env) : t;
  },
});

const v2 = (name: string, description: string, output: string, fn: (value: V2Value, args: TransformArgs, env: TransformEnv) => MapResult<unknown>, args: TransformArgSpec[] = []): TransformSpec => ({
  name,
  description,
  input: 'v2',
  output,
  args,
  apply: (input, a, env) => {
    const v = asV2(input);
    return v.ok ? fn(v.value, a, env) : v;
  },
});

function toNumber(input: unknown): MapResult<number> {
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : fail('MAP_BAD_NUMBER', 'not a finite number');
  const t = asText(input);
  return t.ok ? nmToDecimal(t.value) : t;
}

function nameOf(input: unknown): MapResult<NameLike> {
  if (isV2Value(input)) return { ok: true, value: { given: [comp(input, 2), comp(input, 3)], family: comp(input, 1), prefix: [comp(input, 5)], suffix: [comp(input, 4)] } };
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { ok: true, value: input as NameLike };
  if (typeof input === 'string') return { ok: true, value: { family: input } };
  return fail('MAP_BAD_INPUT', 'not a name (expected an XPN field value or a HumanName)');
}

const SPECS: readonly TransformSpec[] = [
  text('trim', 'Removes leading and trailing whitespace', 'string', (t) => trim(t)),
  text('lowercase', 'Lower-cases the text', 'string', (t) => lowercase(t)),
  text('uppercase', 'Upper-cases the text', 'string', (t) => uppercase(t)),
  text('capitalize', 'Upper-cases the first letter of each word, lower-cases the rest', 'string', (t) => capitalize(t)),
  text('normalize_phone', 'Digits of a phone number, + and an extension kept', 'string', (t) => normalizePhone(t)),
  text('format_phone_us', 'A US number as (555) 555-5555', 'string', (t) => formatPhoneUs(t)),
  text('to_boolean', 'Y/N, yes/no, true/false, 1/0 → boolean', 'boolean', (t) => toBoolean(t)),
  { name: 'to_number', description: 'A strict decimal number (no thousands separators or decimal commas)', input: 'text', output: 'decimal', args: [], apply: (input) => toNumber(input) },
  {
    name: 'round',
    description: 'Rounds a number half away from zero',
    input: 'text',
    output: 'decimal',
    args: [{ name: 'digits', type: 'number', required: false, description: 'decimals to keep, 0–10 (default 0)' }],
    apply: (input, a) => {
      const n = toNumber(input);
      return n.ok ? round(n.value, typeof a.digits === 'number' ? a.digits : 0) : n;
    },
  },
  text('normalize_gender', 'v2 administrative sex or a word → FHIR administrative-gender', 'code', (t) => normalizeGender(t)),
  text('date_to_iso', 'v2 DTM (or ISO) → FHIR dateTime, precision kept', 'dateTime', (t, a, env) => dateToIso(t, dateOptions(a, env)), [OFFSET_ARG]),
  text('date_from_iso', 'FHIR/ISO date or dateTime → v2 DTM', 'string', (t) => dateFromIso(t)),
  text('date_to_unix', 'v2 DTM or ISO date → seconds since 1970-01-01T00:00:00Z', 'integer', (t, a, env) => dateToUnix(t, dateOptions(a, env)), [OFFSET_ARG]),
  text('json_parse', 'JSON text → value', 'any', (t) => jsonParse(t)),
  { name: 'json_stringify', description: 'Value → JSON text', input: 'any', output: 'string', args: [], apply: (input) => jsonStringify(input) },
  {
    name: 'full_name',
    description: 'An XPN or a HumanName → "prefix given family suffix"',
    input: 'any',
    output: 'string',
    args: [],
    apply: (input) => {
      const name = nameOf(input);
      return name.ok ? fullName(name.value) : name;
    },
  },
  v2('ts_to_datetime', 'TS / DTM → FHIR dateTime', 'dateTime', (v, a, env) => tsToDateTime(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('ts_to_instant', "TS / DTM → FHIR instant (minutes needed; offset sent, else the sender's time zone)", 'instant', (v, a, env) => dtmToInstant(comp(v, 1), dateOptions(a, env)), [OFFSET_ARG]),
  v2('ts_plus_duration', "TS / DTM start + a duration → the end instant, in the start's offset; no duration gives nothing", 'instant', (v, a, env) => {
    if (typeof a.duration !== 'string' || a.duration.trim() === '') return ok(undefined);
    const ms = durationMs(a.duration, typeof a.units === 'string' ? a.units : undefined, typeof a.default_units === 'string' ? a.default_units : undefined);
    return ms.ok ? endAfter(comp(v, 1), ms.value, dateOptions(a, env)) : ms;
  }, [
    { name: 'duration', type: 'string', required: false, description: 'the duration: a number, or a TQ duration such as M30 or H1 (usually read from the message with argsFrom)' },
    { name: 'units', type: 'string', required: false, description: 'units of a plain number: s, min, h, d, wk (ISO+ or UCUM: S, MIN, HR…)' },
    { name: 'default_units', type: 'string', required: false, description: 'units of a plain number sent without any' },
    OFFSET_ARG,
  ]),
  v2('ts_to_exact_instant', "TS / DTM with seconds → FHIR instant (offset sent, else the sender's time zone); a less precise time gives nothing (left unmapped)", 'instant', (v, a, env) => dtmToExactInstant(comp(v, 1), dateOptions(a, env)), [OFFSET_ARG]),
  v2('dt_to_date', 'DT (or a DTM) → FHIR date', 'date', (v) => dtToDate(comp(v, 1))),
  v2('dr_to_period', 'DR → Period', 'Period', (v, a, env) => drToPeriod(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('tm_to_time', 'TM → FHIR time (hh:mm:ss; an offset sent is dropped, FHIR time having no zone)', 'time', (v) => tmToTime(comp(v, 1))),
  v2('cwe_to_codeable_concept', 'CWE / CNE / CE → CodeableConcept', 'CodeableConcept', (v, a) => cweToCodeableConcept(v, typeof a.table === 'string' ? { table: a.table } : {}), [
    { name: 'table', type: 'string', required: false, description: 'v2 table (e.g. 0078) for codes sent without a coding system' },
  ]),
  v2('cwe_to_coding', 'CWE → its first Coding', 'Coding', (v, a) => cweToCoding(v, typeof a.table === 'string' ? { table: a.table } : {}), [
    { name: 'table', type: 'string', required: false, description: 'v2 table for codes sent without a coding system' },
  ]),
  v2('cx_to_identifier', 'CX → Identifier', 'Identifier', (v) => cxToIdentifier(v)),
  v2('ei_to_identifier', 'EI → Identifier', 'Identifier', (v, a) => eiToIdentifier(v, typeof a.type === 'string' ? a.type : ''), [
    { name: 'type', type: 'string', required: false, description: 'identifier type code from table 0203 (e.g. PLAC, FILL)' },
  ]),
  v2('eip_to_identifiers', 'EIP → placer and filler Identifiers', 'Identifier[]', (v) => eipToIdentifiers(v)),
  v2('hd_to_system', 'HD → an Identifier.system URI', 'uri', (v) => hdToSystem(v)),
  v2('xpn_to_human_names', 'XPN → HumanName (and a nickname name from XPN.15)', 'HumanName[]', (v, a, env) => xpnToHumanNames(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('xad_to_address', 'XAD → Address', 'Address', (v, a, env) => xadToAddress(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('xtn_to_contact_point', 'XTN → ContactPoint', 'ContactPoint', (v, a, env) => xtnToContactPoint(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('pl_to_location_reference', 'PL → a Reference naming the place (bed, room, floor, point of care, building, facility) by display', 'Reference', (v) => plToLocationReference(v)),
  v2('xcn_to_human_name', 'XCN → the person’s HumanName (XCN.2–6 through the guide’s FN sheet: a surname sent as its parts keeps them as family extensions)', 'HumanName', (v, a, env) => xcnToHumanName(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('xcn_to_practitioner', 'XCN → identifier, name and qualification of a Practitioner', 'PractitionerParts', (v, a, env) => xcnToPractitioner(v, dateOptions(a, env)), [OFFSET_ARG]),
  v2('nm_to_decimal', 'NM → decimal (its precision kept: 1.30 stays 1.30)', 'decimal', (v) => nmToDecimalText(comp(v, 1))),
  v2('nm_to_value', 'NM → Quantity (a comparator written before the number kept as its comparator) or, for text in a numeric field, that text and unit_text', 'SnValue', (v, a) => nmToValue(comp(v, 1), typeof a.unit_text === 'string' ? a.unit_text : ''), [
    { name: 'unit_text', type: 'string', required: false, description: 'the unit written after a number kept as text (usually read from the message with argsFrom: OBX-6.2|OBX-6.1)' },
  ]),
  v2('sn_to_value', 'SN → Quantity, Range, Ratio or string (what has no FHIR form, as its text and unit_text)', 'SnValue', (v, a) => snToValue(v, [], typeof a.unit_text === 'string' ? a.unit_text : ''), [
    { name: 'unit_text', type: 'string', required: false, description: 'the unit written after a value kept as text (usually read from the message with argsFrom: OBX-6.2|OBX-6.1)' },
  ]),
  v2('nr_to_range', 'NR (numeric range) → Range, either bound open', 'Range', (v) => nrToRange(v)),
  v2('cq_to_quantity', 'CQ → Quantity', 'Quantity', (v) => cqToQuantity(v)),
  v2('cwe_to_unit', 'Units CWE → the unit, system and code of a Quantity (code and system when CWE.3 names the coding system; UCUM for a common UCUM code sent without one)', 'Quantity', (v) => unitOf(v)),
  v2('ed_to_attachment', 'ED → Attachment', 'Attachment', (v) => edToAttachment(v)),
  v2('rp_to_attachment', 'RP (reference pointer) → Attachment with its url', 'Attachment', (v) => rpToAttachment(v)),
  v2('v2_to_text', 'Any field value → its text in v2 notation (components joined by ^, subcomponents by &): nothing after the first component is lost', 'string', (v) => v2ToText(v)),
  {
    name: 'ft_to_string',
    description: 'FT / TX (repetitions as lines) → string, formatting escapes as line breaks',
    input: 'any',
    output: 'string',
    args: [],
    apply: (input) => {
      if (Array.isArray(input) && input.every((line) => typeof line === 'string')) return formattedToString(input as string[]);
      const t = asText(input);
      return t.ok ? formattedToString(t.value) : t;
    },
  },
  {
    name: 'text_to_attachment',
    description: 'TX / FT / ST text (repetitions, or every OBX read, as lines) → a text/plain Attachment carrying it base64-encoded',
    input: 'any',
    output: 'Attachment',
    args: [],
    apply: (input) => {
      const lines = Array.isArray(input) && input.every((line) => typeof line === 'string') ? (input as string[]) : asText(input);
      const text = Array.isArray(lines) ? formattedToString(lines) : lines.ok ? formattedToString(lines.value) : lines;
      return text.ok ? { ok: true, value: { contentType: 'text/plain', data: Buffer.from(text.value, 'utf8').toString('base64') } } : text;
    },
  },
  text('id_to_code', 'ID / IS → code', 'code', (t) => toCode(t)),
  text('v2_table', 'A v2 table code → the FHIR code of the guide concept map', 'code', (t, a) => {
    const coding = v2Code(String(a.table), t, typeof a.target_system === 'string' ? a.target_system : undefined);
    return coding.ok ? { ok: true, value: coding.value.code } : coding;
  }, [
    { name: 'table', type: 'string', required: true, description: 'concept map name (AdministrativeSex) or table (0001)' },
    { name: 'target_system', type: 'string', required: false, description: 'target code system, where a code has several' },
  ]),
  text('v2_table_coding', 'A v2 table code → the FHIR Coding of the guide concept map', 'Coding', (t, a) => v2Code(String(a.table), t, typeof a.target_system === 'string' ? a.target_system : undefined), [
    { name: 'table', type: 'string', required: true, description: 'concept map name (PatientClass[EncounterClass]) or table (0078)' },
    { name: 'target_system', type: 'string', required: false, description: 'target code system, where a code has several' },
  ]),
];

export const TRANSFORMS: ReadonlyMap<string, TransformSpec> = new Map(SPECS.map((spec) => [spec.name, spec]));

/** Problems with a rule's transform call, before it runs: unknown name, missing, unknown or mistyped arguments, an unknown table. */
export function checkTransformCall(name: string, args: TransformArgs = {}): MapIssue[] {
  const spec = TRANSFORMS.get(name);
  if (spec === undefined) return [issue('MAP_UNKNOWN_TRANSFORM', `no transform is named ${JSON.stringify(name.slice(0, 64))}`)];
  const issues: MapIssue[] = [];
  for (const arg of spec.args) {
    const value = args[arg.name];
    if (value === undefined) {
      if (arg.required) issues.push(issue('MAP_MISSING_ARGUMENT', `${name} needs the argument ${arg.name} (${arg.description})`));
    } else if (typeof value !== arg.type) {
      issues.push(issue('MAP_BAD_ARGUMENT', `${name}: the argument ${arg.name} must be a ${arg.type}`));
    }
  }
  for (const key of Object.keys(args)) {
    if (!spec.args.some((arg) => arg.name === key)) issues.push(issue('MAP_UNKNOWN_ARGUMENT', `${name} takes no argument ${JSON.stringify(key.slice(0, 64))}`));
  }
  if ((name === 'v2_table' || name === 'v2_table_coding') && typeof args.table === 'string') {
    const map = findV2Map(args.table);
    if (!map.ok) issues.push(map.issue);
  }
  return issues;
}

/** Runs a transform by name: arguments checked, input coerced, never throws. */
export function runTransform(name: string, input: unknown, args: TransformArgs = {}, env: TransformEnv = {}): MapResult<unknown> {
  const problems = checkTransformCall(name, args);
  if (problems.length > 0) return { ok: false, issue: problems[0]! };
  try {
    return TRANSFORMS.get(name)!.apply(input, args, env);
  } catch {
    return fail('MAP_TRANSFORM_FAILED', `${name} failed on an unexpected input shape`);
  }
}
