export interface NdjsonLine {
  /** The line without its line break (and without a leading byte-order mark on the first line of a file). */
  text: string;
  /** Byte offset just past this line's line break: where reading resumes after it. */
  end: number;
  /** The line was longer than the limit; its text is dropped. */
  tooLong: boolean;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines, tracking the byte offset of each so that a reader can resume exactly after the last
 * line it committed. `start` is the offset the stream begins at; a line longer than `maxLineBytes` is reported without
 * being held in memory.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Uint8Array>, start: number, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let offset = start;
  let first = start === 0;

  const emit = (end: number): NdjsonLine => {
    let text = tooLong ? '' : Buffer.concat(pending, pendingBytes).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (first && text.startsWith('\uFEFF')) text = text.slice(1);
    const line = { text, end, tooLong };
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    first = false;
    return line;
  };
  const hold = (bytes: Buffer): void => {
    if (tooLong || bytes.length === 0) return;
    if (pendingBytes + bytes.length > maxLineBytes) {
      tooLong = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(bytes);
    pendingBytes += bytes.length;
  };

  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let at = bytes.indexOf(NEWLINE, from); at !== -1; at = bytes.indexOf(NEWLINE, from)) {
      hold(bytes.subarray(from, at));
      yield emit(offset + at + 1);
      from = at + 1;
    }
    hold(bytes.subarray(from));
    offset += bytes.length;
  }
  if (pendingBytes > 0 || tooLong) yield emit(offset);
}
