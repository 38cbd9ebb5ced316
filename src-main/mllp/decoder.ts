import { CARRIAGE_RETURN, END_BLOCK, START_BLOCK } from './encoder';

export type MllpEvent =
  | { type: 'frame'; payload: Buffer }
  /** A frame longer than the cap: discarded up to its end block; `head` keeps its first bytes (the MSH) for the answer. */
  | { type: 'oversized'; size: number; head: Buffer }
  /** Bytes outside any frame (before <VT>, or an unfinished frame cut by a new <VT>). */
  | { type: 'junk'; size: number };

const HEAD_BYTES = 2048;

const enum State {
  Idle,
  InFrame,
  Discarding,
  /** Saw <FS> as the last byte of a chunk; a <CR> may follow in the next one. */
  AfterEnd,
}

/**
 * Incremental MLLP frame decoder, one per connection. Robust to frames split across chunks,
 * several frames per chunk, bytes before <VT>, and a missing <CR> after <FS>. Memory is bounded
 * by `maxFrameBytes`: an oversized frame is reported and skipped, and the stream stays usable.
 */
export class MllpDecoder {
  private state = State.Idle;
  private parts: Buffer[] = [];
  private size = 0;
  private head = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** True while part of a frame has arrived but not its end. */
  get inFrame(): boolean {
    return this.state === State.InFrame || this.state === State.Discarding;
  }

  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    let i = 0;
    if (this.state === State.AfterEnd) {
      this.state = State.Idle;
      if (chunk[0] === CARRIAGE_RETURN) i = 1;
    }
    while (i < chunk.length) {
      if (this.state === State.Idle) {
        const start = chunk.indexOf(START_BLOCK, i);
        const junkEnd = start === -1 ? chunk.length : start;
        if (junkEnd > i) events.push({ type: 'junk', size: junkEnd - i });
        if (start === -1) break;
        this.state = State.InFrame;
        this.parts = [];
        this.size = 0;
        i = start + 1;
        continue;
      }
      const end = chunk.indexOf(END_BLOCK, i);
      const restart = chunk.indexOf(START_BLOCK, i);
      if (restart !== -1 && (end === -1 || restart < end)) {
        events.push({ type: 'junk', size: this.size + (restart - i) + 1 });
        this.state = State.Idle;
        i = restart;
        continue;
      }
      const stop = end === -1 ? chunk.length : end;
      this.append(chunk, i, stop);
      if (end === -1) break;
      events.push(this.state === State.Discarding ? { type: 'oversized', size: this.size, head: this.head } : { type: 'frame', payload: this.take() });
      this.parts = [];
      this.size = 0;
      if (end + 1 >= chunk.length) {
        this.state = State.AfterEnd;
        break;
      }
      this.state = State.Idle;
      i = chunk[end + 1] === CARRIAGE_RETURN ? end + 2 : end + 1;
    }
    return events;
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.size += to - from;
    if (this.state === State.Discarding) return;
    this.parts.push(chunk.subarray(from, to));
    if (this.size > this.maxFrameBytes) {
      this.state = State.Discarding;
      this.head = Buffer.from(Buffer.concat(this.parts).subarray(0, HEAD_BYTES));
      this.parts = [];
    }
  }

  private take(): Buffer {
    return this.parts.length === 1 ? Buffer.from(this.parts[0] as Buffer) : Buffer.concat(this.parts, this.size);
  }
}
