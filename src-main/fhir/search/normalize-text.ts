/** The form string search compares: lower case without accents, so `Müller` is found by `muller`. */
export function normalizeText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The smallest string greater than every string starting with `prefix`, so a starts-with match
 * becomes `value >= prefix AND value < upper` and can use the index.
 */
export function prefixUpperBound(prefix: string): string {
  const points = Array.from(prefix);
  const last = points.pop();
  if (last === undefined) return '\u{10FFFF}';
  let next = (last.codePointAt(0) ?? 0) + 1;
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  return points.join('') + String.fromCodePoint(Math.min(next, 0x10ffff));
}
