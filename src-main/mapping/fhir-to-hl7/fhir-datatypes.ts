import type { Address, CodeableConcept, Coding, ContactPoint, HumanName, Identifier, Quantity } from '@medplum/fhirtypes';
import type { V2Value } from '../datatypes/v2-value';
import { fail, IssueList, ok, type MapResult } from '../transforms/result';
import { codingSystemName, v2CodeOf } from './v2-names';

/**
 * FHIR datatypes → HL7 v2 datatypes, the reverse of mapping/datatypes: Identifier → CX / EI,
 * HumanName → XPN, Address → XAD, ContactPoint → XTN, CodeableConcept → CWE, Quantity → NM and a
 * units CWE. Each gives a V2Value (components, each a list of subcomponents, unescaped: the codec
 * escapes when it writes) chosen so the v2 → FHIR transforms read it back to the same key elements.
 */

type Component = string | readonly string[];

/** Components (a string, or its subcomponents) → a V2Value without trailing empty parts. */
export function v2(...components: Component[]): V2Value {
  const value = components.map((c) => {
    const subs = typeof c === 'string' ? [c] : [...c];
    while (subs.length > 1 && subs[subs.length - 1] === '') subs.pop();
    return subs;
  });
  while (value.length > 0 && value[value.length - 1]!.every((s) => s === '')) value.pop();
  return value;
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/** A system URI → HD parts (namespace, universal id, its type), the way hdToSystem reads them back. */
export function hdOf(system: string, assigner = ''): [string, string, string] {
  if (system.startsWith('urn:oid:') && OID.test(system.slice(8))) return ['', system.slice(8), 'ISO'];
  if (system.startsWith('urn:uuid:')) return ['', system.slice(9), 'UUID'];
  if (system !== '') return ['', system, 'URI'];
  return [assigner, '', ''];
}

const typeCode = (identifier: Identifier): string => str(identifier.type?.coding?.find((c) => str(c.code))?.code);

/** Identifier → CX: CX.1 value, CX.4 the system as an HD in subcomponents, CX.5 the type code (v2-0203). */
export function identifierToCx(identifier: Identifier): MapResult<V2Value> {
  const value = str(identifier.value);
  if (value === '') return fail('MAP_EMPTY_VALUE', 'no identifier value (expected Identifier.value)');
  return ok(v2(value, '', '', hdOf(str(identifier.system), str(identifier.assigner?.display)), typeCode(identifier)));
}

/** Identifier → EI: EI.1 value, EI.2–4 the system as an HD. */
export function identifierToEi(identifier: Identifier): MapResult<V2Value> {
  const value = str(identifier.value);
  if (value === '') return fail('MAP_EMPTY_VALUE', 'no identifier value (expected Identifier.value)');
  return ok(v2(value, ...hdOf(str(identifier.system), str(identifier.assigner?.display))));
}

const strings = (list: unknown): string[] => (Array.isArray(list) ? list.map(str).filter((s) => s !== '') : []);

/** HumanName → XPN: family (FN.1), first given, further given names (XPN.3), suffixes (XPN.4, .6, .14), prefix, use (NameType). */
export function humanNameToXpn(name: HumanName): MapResult<V2Value> {
  const issues = new IssueList();
  const family = str(name.family);
  const given = strings(name.given);
  const suffix = strings(name.suffix);
  if (family === '' && given.length === 0) return fail('MAP_EMPTY_NAME', 'no family or given name (expected HumanName.family or given)');
  const use = name.use ? issues.take(v2CodeOf('NameType', name.use)) : undefined;
  return ok(v2([family], given[0] ?? '', given.slice(1).join(' '), suffix[0] ?? '', strings(name.prefix)[0] ?? '', suffix[1] ?? '', use ?? '', '', '', '', '', '', '', suffix.slice(2).join(' ')), issues.items);
}

/** Address → XAD: first line (SAD.1), further lines (XAD.2), city, state, postal code, country, use or type (table 0190). */
export function addressToXad(address: Address): MapResult<V2Value> {
  const issues = new IssueList();
  const lines = strings(address.line);
  const parts = [str(address.city), str(address.state), str(address.postalCode), str(address.country)];
  if (lines.length === 0 && parts.every((p) => p === '')) return fail('MAP_EMPTY_ADDRESS', 'no line, city, state, postal code or country');
  const kind = address.use ? issues.take(v2CodeOf('AddressType[Use]', address.use)) : address.type ? issues.take(v2CodeOf('AddressType[Type]', address.type)) : undefined;
  return ok(v2([lines[0] ?? ''], lines.slice(1).join(', '), ...parts, kind ?? ''), issues.items);
}

const EQUIPMENT: Readonly<Record<string, string>> = { phone: 'PH', fax: 'FX', pager: 'BP', email: 'Internet', other: '', sms: 'CP', url: 'Internet' };
const USE: Readonly<Record<string, string>> = { home: 'PRN', work: 'WPN', mobile: 'PRS', temp: 'ORN', old: '' };

/** ContactPoint → XTN: a number in XTN.1, an address in XTN.4 (XTN.3 Internet); use in XTN.2 (table 0201), equipment in XTN.3 (table 0202, CP for a mobile phone). */
export function contactPointToXtn(point: ContactPoint): MapResult<V2Value> {
  const value = str(point.value);
  if (value === '') return fail('MAP_EMPTY_TELECOM', 'no value (expected ContactPoint.value)');
  const system = str(point.system);
  const use = str(point.use);
  const equipment = system === 'phone' && use === 'mobile' ? 'CP' : (EQUIPMENT[system] ?? '');
  const email = equipment === 'Internet';
  return ok(v2(email ? '' : value, email ? 'NET' : (USE[use] ?? ''), equipment, email ? value : ''));
}

/** Coding → the three CWE components of a triplet: code, display, coding system name. */
function triplet(coding: Coding, fallbackDisplay: string): [string, string, string] {
  return [str(coding.code), str(coding.display) || fallbackDisplay, coding.system ? codingSystemName(coding.system) : ''];
}

/**
 * CodeableConcept → CWE: the first two codings (those of system `prefer` first) as CWE.1–3 and
 * CWE.4–6 with their versions in CWE.7/8, the text in CWE.9 (in CWE.2 when no coding has a code).
 */
export function codeableConceptToCwe(concept: CodeableConcept, prefer = ''): MapResult<V2Value> {
  const text = str(concept.text);
  const codings = (Array.isArray(concept.coding) ? concept.coding : []).filter((c) => typeof c === 'object' && c !== null && str(c.code) !== '');
  const ordered = prefer ? [...codings.filter((c) => c.system === prefer), ...codings.filter((c) => c.system !== prefer)] : codings;
  const [first, second] = ordered;
  if (!first) return text ? ok(v2('', text)) : fail('MAP_EMPTY_CODE', 'no coding with a code and no text (expected CodeableConcept.coding.code or text)');
  const alternate = second ? triplet(second, '') : ['', '', ''];
  const textIfOther = text !== '' && text !== str(first.display) ? text : '';
  return ok(v2(...triplet(first, ''), ...alternate, str(first.version), str(second?.version), textIfOther));
}

function decimal(value: unknown): MapResult<string> {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('MAP_BAD_NUMBER', 'not a finite number (expected a decimal)');
  const text = String(value);
  return ok(/e/i.test(text) ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : text);
}

/** Quantity → NM: its value as a decimal text. */
export const quantityToNm = (quantity: Quantity): MapResult<string> => (quantity.value === undefined ? fail('MAP_EMPTY_VALUE', 'no Quantity.value') : decimal(quantity.value));

/** Quantity → its units CWE (OBX-6, RXA-7): the code (or the unit), the unit as text, UCUM (or the system's name). */
export function quantityToUnit(quantity: Quantity): MapResult<V2Value> {
  const code = str(quantity.code);
  const unit = str(quantity.unit);
  if (code === '' && unit === '') return fail('MAP_EMPTY_VALUE', 'no unit (expected Quantity.code or unit)');
  if (code === '') return ok(v2(unit));
  return ok(v2(code, unit !== code ? unit : '', quantity.system ? codingSystemName(quantity.system) : ''));
}

/** An Observation.referenceRange → OBX-7 text: its text, else `low-high`, `>low` or `<high`. */
export function rangeToText(range: { text?: string; low?: Quantity; high?: Quantity }): MapResult<string> {
  const text = str(range.text);
  if (text) return ok(text);
  const low = range.low?.value === undefined ? undefined : decimal(range.low.value);
  const high = range.high?.value === undefined ? undefined : decimal(range.high.value);
  if (low?.ok && high?.ok) return ok(`${low.value}-${high.value}`);
  if (low?.ok) return ok(`>${low.value}`);
  if (high?.ok) return ok(`<${high.value}`);
  return fail('MAP_EMPTY_VALUE', 'no text, low or high (expected a reference range)');
}

/** A Quantity with a comparator → SN `<^5`, `>=^10`. */
export function quantityToSn(quantity: Quantity): MapResult<V2Value> {
  const value = decimal(quantity.value);
  return value.ok ? ok(v2(str(quantity.comparator), value.value)) : value;
}

/** A Range → SN: `^low^-^high`, `>=^low` or `<=^high`. */
export function rangeToSn(range: { low?: Quantity; high?: Quantity }): MapResult<V2Value> {
  const low = range.low?.value === undefined ? undefined : decimal(range.low.value);
  const high = range.high?.value === undefined ? undefined : decimal(range.high.value);
  if (low && !low.ok) return low;
  if (high && !high.ok) return high;
  if (low && high) return ok(v2('', low.value, '-', high.value));
  if (low) return ok(v2('>=', low.value));
  if (high) return ok(v2('<=', high.value));
  return fail('MAP_EMPTY_VALUE', 'no low or high (expected a Range)');
}

/** A Ratio → SN `^numerator^:^denominator`. */
export function ratioToSn(ratio: { numerator?: Quantity; denominator?: Quantity }): MapResult<V2Value> {
  const numerator = decimal(ratio.numerator?.value);
  const denominator = decimal(ratio.denominator?.value);
  if (!numerator.ok) return numerator;
  return denominator.ok ? ok(v2('', numerator.value, ':', denominator.value)) : denominator;
}

/** A number → NM text; anything else fails. */
export const numberToNm = (value: unknown): MapResult<string> => decimal(value);

/** true → Y, false → N (table 0136). */
export const booleanToYn = (value: unknown): MapResult<string> =>
  typeof value === 'boolean' ? ok(value ? 'Y' : 'N') : fail('MAP_BAD_BOOLEAN', 'not a boolean (expected true or false)');
