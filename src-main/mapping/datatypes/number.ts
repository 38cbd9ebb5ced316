import type { Quantity, Range, Ratio } from '@medplum/fhirtypes';
import { COMMON_UCUM_UNITS } from '../../fhir/terminology/ucum-units';
import { decimalOf, rememberDecimal, type DecimalText } from '../../fhir/fhir-json-text';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, issue, issuesOf, ok } from '../transforms/result';
import { codingSystemUri } from './coding-systems';
import type { V2Value } from './v2-value';
import { comp } from './v2-value';

/**
 * NM, SN, CQ and units (the guide's NM, SN, CQ and CWE[Quantity] sheets). NM is strict: an optional
 * sign, digits, an optional decimal point; no thousands separators or decimal commas ("1,5" could be
 * 1.5 or 15). Units: see unitOf.
 */

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const UCUM = 'http://unitsofmeasure.org';
const UCUM_CODES = new Set(COMMON_UCUM_UNITS.map(([code]) => code));
const COMPARATORS = new Set(['<', '<=', '>=', '>']);

export function nmToDecimal(text: string): MapResult<number> {
  const trimmed = text.trim();
  if (!NUMERIC.test(trimmed)) return fail('MAP_BAD_NUMBER', 'not a number (expected [+|-]digits[.digits], no thousands separators or decimal commas)');
  const n = Number(trimmed);
  return Number.isFinite(n) ? ok(n) : fail('MAP_BAD_NUMBER', 'not a number (too large)');
}

/**
 * An NM's precision as a JSON number text: `+007.50` → `7.50`, `.5` → `0.5`, `5.` → `5`. FHIR keeps a
 * decimal's precision (`1.30` has three significant figures), so the text goes with the number (fhir-json-text.ts).
 */
function nmText(text: string): string {
  const [, sign, whole, fraction] = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim()) ?? [];
  const digits = (whole ?? '').replace(/^0+(?=\d)/, '') || '0';
  return `${sign === '-' ? '-' : ''}${digits}${fraction ? `.${fraction}` : ''}`;
}

/** NM → decimal, with the text it was sent as (a bare decimal written by a rule: target-path.ts keeps the text). */
export function nmToDecimalText(text: string): MapResult<number | DecimalText> {
  const n = nmToDecimal(text);
  return n.ok ? ok(decimalOf(nmText(text))) : n;
}

/** `holder[key]` was sent as NM `text`: its precision is kept where the element is written. */
function keepsPrecision<T extends object>(holder: T, key: keyof T & string, text: string): T {
  rememberDecimal(holder, key, nmText(text));
  return holder;
}

export type QuantityUnit = Pick<Quantity, 'unit' | 'system' | 'code'>;

/**
 * A unit CWE (OBX-6, RXA-7, CQ.2) → Quantity's unit, system and code, as the guide's CWE[Quantity] sheet
 * says: CWE.2 (else CWE.1) → unit; CWE.1 → code and CWE.3 → system, only when both are valued. CWE.3 goes
 * through the coding-system names every CWE uses (coding-systems.ts): UCUM → http://unitsofmeasure.org,
 * and a name it has no URI for (ISO+, ANS+, L, 99zzz) → urn:id:<name> with its warning. A code is
 * never written without a system (FHIR's qty-3), so a code with no CWE.3 (or an unusable one) is kept as
 * the unit only, except a common UCUM code: senders often leave CWE.3 empty for those.
 */
export function unitOf(unit: V2Value): MapResult<QuantityUnit> {
  const code = comp(unit, 1);
  const shown = comp(unit, 2) || code;
  const text: QuantityUnit = shown ? { unit: shown } : {};
  const systemName = comp(unit, 3);
  if (code === '') return ok(text);
  if (systemName === '') return ok(UCUM_CODES.has(code) ? { ...text, system: UCUM, code } : text);
  const system = codingSystemUri(systemName);
  return system.ok && system.value !== undefined ? ok({ ...text, system: system.value, code }, system.issues) : ok(text, issuesOf(system));
}

/** A number as NM reads it, optionally after a comparator a sender wrote with it (`<0.5`, `>= 100`). */
const NM_WITH_COMPARATOR = /^(<=|>=|<|>)?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))$/;

/** Whether nmToValue reads an NM text as a Quantity: a number, or a comparator and a number. */
export const isNmQuantity = (text: string): boolean => NM_WITH_COMPARATOR.test(text.trim());

/**
 * An OBX-5 NM → a Quantity: its number, with the comparator a sender wrote before it (`<0.5`: NM has none,
 * SN does; read as SN would) — else, for text sent in a numeric field (`see note`, `TNP`, `1,5`), that text
 * with `unitText` after it when it holds a digit, and a warning: nothing the sender wrote is lost.
 */
export function nmToValue(text: string, unitText = ''): MapResult<SnValue> {
  const trimmed = text.trim();
  const match = NM_WITH_COMPARATOR.exec(trimmed);
  if (match) {
    const [, comparator, number = ''] = match;
    const value = nmToDecimal(number);
    if (!value.ok) return value;
    return ok({ type: 'Quantity', value: keepsPrecision({ value: value.value, ...(comparator ? { comparator: comparator as Quantity['comparator'] } : {}) }, 'value', number) });
  }
  if (trimmed === '') return fail('MAP_EMPTY_VALUE', 'no number');
  const shown = /\d/.test(trimmed) && unitText.trim() !== '' ? `${trimmed} ${unitText.trim()}` : trimmed;
  return ok({ type: 'string', value: shown }, [issue('MAP_NM_AS_TEXT', 'not a number (expected [+|-]digits[.digits], no thousands separators or decimal commas); kept as text')]);
}

/** NM (+ an optional unit CWE) → Quantity. */
export function nmToQuantity(text: string, unit: V2Value = []): MapResult<Quantity> {
  const value = nmToDecimal(text);
  if (!value.ok) return value;
  const units = unitOf(unit);
  return ok(keepsPrecision({ value: value.value, ...(units.ok ? units.value : {}) }, 'value', text), issuesOf(units));
}

/** CQ → Quantity: CQ.1 quantity, CQ.2 units (a CWE in subcomponents). */
export function cqToQuantity(cq: V2Value): MapResult<Quantity> {
  return nmToQuantity(comp(cq, 1), (cq[1] ?? []).map((s) => [s]));
}

/** NR (numeric range: NR.1 low, NR.2 high, either may be open) → Range, each number's precision kept. */
export function nrToRange(nr: V2Value): MapResult<Range> {
  const [lowText, highText] = [comp(nr, 1), comp(nr, 2)];
  const issues = new IssueList();
  const bound = (text: string): Range['low'] => (text.trim() === '' ? undefined : issues.take(nmToQuantity(text)));
  const [low, high] = [bound(lowText), bound(highText)];
  if (issues.items.length > 0) return { ok: false, issue: issues.items[0]! };
  if (!low && !high) return fail('MAP_EMPTY_VALUE', 'no bound (expected NR.1 or NR.2)');
  return ok({ ...(low ? { low } : {}), ...(high ? { high } : {}) });
}

export type SnValue =
  | { readonly type: 'Quantity'; readonly value: Quantity }
  | { readonly type: 'Range'; readonly value: Range }
  | { readonly type: 'Ratio'; readonly value: Ratio }
  | { readonly type: 'string'; readonly value: string };

/**
 * SN → Quantity (comparator + number), Range (`^10^-^20`), Ratio (`^1^:^128`, `^1^/^2`) or, for a
 * categorical suffix (`^2^+`) or a decimal-point separator, the text the sender wrote. "=" is no
 * comparator. A ratio's comparator goes on its numerator. What has no FHIR form — "<>", a comparator on
 * a range, a comparator the sender wrote with its number in SN.1 (`<=0.25`) — is the text of its
 * components, space-separated, as the guide's OBX sheet says (its valueString rows for SN), and `unitText`
 * (OBX-6) after them.
 */
export function snToValue(sn: V2Value, unit: V2Value = [], unitText = ''): MapResult<SnValue> {
  const comparator = comp(sn, 1);
  const [num1, separator, num2] = [comp(sn, 2), comp(sn, 3), comp(sn, 4)];
  const issues = new IssueList();
  const asText = (why: string): MapResult<SnValue> => {
    const text = [comparator, num1, separator, num2, unitText].map((part) => part.trim()).filter((part) => part !== '').join(' ');
    return text === '' ? fail('MAP_EMPTY_VALUE', 'no number (expected SN.2)') : ok({ type: 'string', value: text }, [issue('MAP_SN_AS_TEXT', `${why}; kept as text`)]);
  };
  if (comparator !== '' && comparator !== '=' && !COMPARATORS.has(comparator)) return asText('not a structured numeric comparator (<, <=, >, >= or =)');
  // The unit's warnings (a local coding system) go with the value; `issues` holds the numbers' failures.
  const unitResult = unitOf(unit);
  const units = unitResult.ok ? unitResult.value : {};
  const unitIssues = issuesOf(unitResult);
  const number = (text: string): number | undefined => (text === '' ? undefined : issues.take(nmToDecimal(text)));
  const first = number(num1);
  if (separator === '' && num2 === '') {
    if (first === undefined) return issues.items.length > 0 ? { ok: false, issue: issues.items[0]! } : fail('MAP_EMPTY_VALUE', 'no number (expected SN.2)');
    return ok({ type: 'Quantity', value: keepsPrecision({ value: first, ...(COMPARATORS.has(comparator) ? { comparator: comparator as Quantity['comparator'] } : {}), ...units }, 'value', num1) }, unitIssues);
  }
  if (separator === '+' || separator === '.') {
    return num1 === '' && num2 === '' ? fail('MAP_EMPTY_VALUE', 'no number (expected SN.2)') : ok({ type: 'string', value: `${comparator}${num1}${separator}${num2}` });
  }
  const second = number(num2);
  if (issues.items.length > 0) return { ok: false, issue: issues.items[0]! };
  if (first === undefined || second === undefined) return fail('MAP_BAD_NUMBER', 'a range or ratio needs both numbers (expected SN.2 and SN.4)');
  const compared = COMPARATORS.has(comparator) ? { comparator: comparator as Quantity['comparator'] } : {};
  if (separator === ':' || separator === '/') {
    return ok({ type: 'Ratio', value: { numerator: keepsPrecision({ value: first, ...compared, ...units }, 'value', num1), denominator: keepsPrecision({ value: second }, 'value', num2) } }, unitIssues);
  }
  if (separator === '-') {
    if (COMPARATORS.has(comparator)) return asText('a comparator on a range has no FHIR form');
    return ok({ type: 'Range', value: { low: keepsPrecision({ value: first, ...units }, 'value', num1), high: keepsPrecision({ value: second, ...units }, 'value', num2) } }, unitIssues);
  }
  return ok({ type: 'string', value: `${num1}${separator}${num2}` }, [issue('MAP_UNKNOWN_SEPARATOR', 'an unknown SN separator (expected -, +, /, . or :); kept as text')]);
}
