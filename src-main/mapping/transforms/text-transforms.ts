import type { MapResult } from './result';
import { fail, ok } from './result';

/** The seed's plain text and value transforms (trim … full_name); each pure, none throws. */

export const trim = (text: string): MapResult<string> => ok(text.trim());
export const lowercase = (text: string): MapResult<string> => ok(text.toLowerCase());
export const uppercase = (text: string): MapResult<string> => ok(text.toUpperCase());

/** Each word (and each part of a hyphenated word) upper-cased first, the rest lower: "MARY-ANNE o'neil" → "Mary-Anne O'neil". */
export const capitalize = (text: string): MapResult<string> => ok(text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()));

const TRUE = new Set(['Y', 'YES', 'T', 'TRUE', '1']);
const FALSE = new Set(['N', 'NO', 'F', 'FALSE', '0']);

/** v2 Y/N (table 0136) and the usual spellings → boolean. */
export function toBoolean(text: string): MapResult<boolean> {
  const key = text.trim().toUpperCase();
  if (TRUE.has(key)) return ok(true);
  if (FALSE.has(key)) return ok(false);
  return fail('MAP_BAD_BOOLEAN', 'not a yes/no value (expected Y, N, yes, no, true, false, 1 or 0)');
}

/** Rounds half away from zero to `digits` decimals (0–10). */
export function round(value: number, digits: number): MapResult<number> {
  if (!Number.isInteger(digits) || digits < 0 || digits > 10) return fail('MAP_BAD_ARGUMENT', 'digits is not a whole number from 0 to 10');
  if (!Number.isFinite(value)) return fail('MAP_BAD_NUMBER', 'not a finite number');
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON)) / factor;
  return ok(Object.is(rounded, -0) ? 0 : rounded);
}

export function jsonParse(text: string): MapResult<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return fail('MAP_BAD_JSON', 'not JSON text');
  }
}

export function jsonStringify(value: unknown): MapResult<string> {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? fail('MAP_BAD_JSON', 'no JSON form (undefined or a function)') : ok(text);
  } catch {
    return fail('MAP_BAD_JSON', 'no JSON form (a cycle or a BigInt)');
  }
}

export interface NameLike {
  readonly prefix?: readonly string[];
  readonly given?: readonly string[];
  readonly family?: string;
  readonly suffix?: readonly string[];
}

/** A HumanName-like object → "prefix given family suffix", single-spaced. */
export function fullName(name: NameLike): MapResult<string> {
  const text = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? '', ...(name.suffix ?? [])]
    .filter((part) => typeof part === 'string')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? fail('MAP_EMPTY_NAME', 'no name parts') : ok(text);
}
