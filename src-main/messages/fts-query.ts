/**
 * Turns what an operator typed into an FTS5 query: every word must match the start of a token in
 * some indexed column ("doe 123" finds DOE^JOHN with MRN 12345). Quoting makes each word literal,
 * so FTS syntax characters in the input cannot change the query.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w}"*`).join(' AND ');
}
