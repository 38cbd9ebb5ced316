/**
 * Walks segments: a segment ends at the first CR or LF, and its terminator is the whole run of CR/LF
 * after it, including lines holding only spaces or tabs — so CR, LF, CRLF, mixed endings, blank lines
 * and a stray space at the end of a file all survive a round trip byte for byte.
 * indexOf does the scanning; each line-break kind is searched again only once passed, so text with
 * only one kind costs one failed search for the other.
 */
export class SegmentScanner {
  start = 0;
  end = 0;
  termEnd = 0;
  private nextCr: number;
  private nextLf: number;

  constructor(
    private readonly text: string,
    private pos: number,
  ) {
    this.nextCr = text.indexOf('\r', pos);
    this.nextLf = text.indexOf('\n', pos);
  }

  next(): boolean {
    const text = this.text;
    const len = text.length;
    const pos = this.pos;
    if (pos >= len) return false;
    if (this.nextCr !== -1 && this.nextCr < pos) this.nextCr = text.indexOf('\r', pos);
    if (this.nextLf !== -1 && this.nextLf < pos) this.nextLf = text.indexOf('\n', pos);
    const cr = this.nextCr;
    const lf = this.nextLf;
    const end = cr === -1 ? (lf === -1 ? len : lf) : lf === -1 || cr < lf ? cr : lf;
    let t = end;
    while (t < len) {
      const c = text.charCodeAt(t);
      if (c === 13 || c === 10) {
        t++;
        continue;
      }
      if (c !== 32 && c !== 9) break;
      let blank = t + 1;
      while (blank < len && (text.charCodeAt(blank) === 32 || text.charCodeAt(blank) === 9)) blank++;
      if (blank < len && text.charCodeAt(blank) !== 13 && text.charCodeAt(blank) !== 10) break;
      t = blank;
    }
    this.start = pos;
    this.end = end;
    this.termEnd = t;
    this.pos = t;
    return true;
  }
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** 'binary' for control characters where a segment id belongs, 'bad' for anything else but `XYZ` + separator. */
export function segmentIdProblem(text: string, start: number, end: number, fieldSep: string): 'binary' | 'bad' | undefined {
  for (let i = start; i < start + 3 && i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9) return 'binary';
  }
  if (end - start < 3) return 'bad';
  const c0 = text.charCodeAt(start);
  const c1 = text.charCodeAt(start + 1);
  const c2 = text.charCodeAt(start + 2);
  if (!isUpper(c0) || !(isUpper(c1) || isDigit(c1)) || !(isUpper(c2) || isDigit(c2))) return 'bad';
  if (end - start > 3 && text[start + 3] !== fieldSep) return 'bad';
  return undefined;
}

const ids = new Map<number, string>();

/** The 3-character id at `start`, shared between messages instead of allocated per segment. */
export function segmentIdAt(text: string, start: number): string {
  const key = (text.charCodeAt(start) << 16) | (text.charCodeAt(start + 1) << 8) | text.charCodeAt(start + 2);
  let id = ids.get(key);
  if (id === undefined) {
    id = text.slice(start, start + 3);
    if (ids.size < 4096) ids.set(key, id);
  }
  return id;
}
