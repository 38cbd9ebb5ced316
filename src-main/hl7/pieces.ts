/*
 * Index-based access to separated text ("a^b^c" piece 2 = "b") without building arrays: reading one
 * component of one field should not allocate the others.
 */

/** The 1-based `n`th piece of `text` split on `sep`; '' past the end. An empty `sep` means "not split". */
export function piece(text: string, sep: string, n: number): string {
  if (sep === '') return n === 1 ? text : '';
  let start = 0;
  for (let i = 1; i < n; i++) {
    const at = text.indexOf(sep, start);
    if (at === -1) return '';
    start = at + 1;
  }
  const end = text.indexOf(sep, start);
  return end === -1 ? text.slice(start) : text.slice(start, end);
}

/** Replaces the 1-based `n`th piece, adding separators when `text` has fewer pieces. */
export function replacePiece(text: string, sep: string, n: number, value: string): string {
  if (sep === '') return value;
  let start = 0;
  for (let i = 1; i < n; i++) {
    const at = text.indexOf(sep, start);
    if (at === -1) return text + sep.repeat(n - i) + value;
    start = at + 1;
  }
  const end = text.indexOf(sep, start);
  return text.slice(0, start) + value + (end === -1 ? '' : text.slice(end));
}
