import { SEARCH_PREFIXES } from './search-request';
import type { SearchPrefix } from './search-request';

/** Splits on `separator` where it is not escaped with `\`; the parts keep their escapes. */
export function splitUnescaped(value: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Removes the escapes FHIR search allows in values (`\,`, `\|`, `\$`, `\\`). */
export const unescapeValue = (value: string): string => value.replace(/\\([,|$\\])/g, '$1');

/** Separates an optional comparison prefix (`ge2020`); `eq` when none is given. */
export function splitPrefix(value: string): { prefix: SearchPrefix | 'ap'; rest: string } {
  const head = value.slice(0, 2);
  if ((SEARCH_PREFIXES as readonly string[]).includes(head) || head === 'ap') return { prefix: head as SearchPrefix | 'ap', rest: value.slice(2) };
  return { prefix: 'eq', rest: value };
}

const NUMBER = /^[+-]?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A number and the half-open range its written precision implies: `100` → [99.5, 100.5). */
export function numberRange(text: string): { value: number; low: number; high: number } | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const value = Number(text);
  const half = 0.5 * 10 ** (Number(m[3] ?? 0) - (m[2]?.length ?? 0));
  return { value, low: value - half, high: value + half };
}
