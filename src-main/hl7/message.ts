import type { Hl7Delimiters } from './delimiters';
import { Hl7PathError } from './errors';
import type { Hl7Header } from './header';
import { buildHeader } from './header';
import type { Hl7Path } from './path';
import { parsePath } from './path';
import { Hl7Segment } from './segment';

/**
 * A parsed message. Keeps its source text: serializing an unedited message returns it unchanged, and
 * edited segments re-join only themselves. Paths: see path.ts (`PID-5[2].1.2`, `OBX[3]-5`).
 */
export class Hl7Message {
  private byId: Map<string, Hl7Segment[]> | undefined;
  private reshaped = false;

  /** Built by parse(); `source` is the message text without the byte-order mark. */
  constructor(
    private readonly source: string,
    readonly bom: boolean,
    private readonly list: Hl7Segment[],
    readonly delimiters: Hl7Delimiters,
  ) {}

  get header(): Hl7Header {
    const msh = this.list[0]!;
    return buildHeader((n) => msh.field(n), this.delimiters);
  }

  /** Every segment in order, or those with one id. */
  segments(id?: string): readonly Hl7Segment[] {
    if (id === undefined) return this.list;
    if (this.byId === undefined) {
      this.byId = new Map();
      for (const s of this.list) {
        const same = this.byId.get(s.id);
        if (same === undefined) this.byId.set(s.id, [s]);
        else same.push(s);
      }
    }
    return this.byId.get(id) ?? [];
  }

  /** The `occurrence`th (1-based) segment with this id. */
  segment(id: string, occurrence = 1): Hl7Segment | undefined {
    if (this.byId === undefined && this.list.length <= 64) {
      // Small messages: a scan beats building the index when only MSH and PID are read.
      let seen = 0;
      for (const s of this.list) if (s.id === id && ++seen === occurrence) return s;
      return undefined;
    }
    return this.segments(id)[occurrence - 1];
  }

  /** Decoded value at `path` ('' when absent); omitted repetition/component/subcomponent = the first. */
  get(path: string): string {
    const p = parsePath(path);
    return this.segment(p.segment, p.occurrence)?.getAt(p) ?? '';
  }

  /** Raw text of the node at `path`: the whole field, repetition or component where the path stops. */
  getRaw(path: string): string {
    const p = parsePath(path);
    return this.segment(p.segment, p.occurrence)?.getRawAt(p) ?? '';
  }

  /** Decoded values across the field's repetitions. */
  getAll(path: string): string[] {
    const p = parsePath(path);
    return this.segment(p.segment, p.occurrence)?.getAllAt(p) ?? [];
  }

  /** Escapes and writes `value` (null = explicit null `""`); the segment must exist (see addSegment). */
  set(path: string, value: string | null): void {
    const p = parsePath(path);
    this.require(p).setAt(p, value);
  }

  setRaw(path: string, raw: string): void {
    const p = parsePath(path);
    this.require(p).setRawAt(p, raw);
  }

  /** Appends an empty segment, keeping the message's terminator style. */
  addSegment(id: string): Hl7Segment {
    if (!/^[A-Z][A-Z0-9]{2}$/.test(id) || id === 'MSH') {
      throw new Hl7PathError('HL7_BAD_PATH', `${JSON.stringify(id)} is not a segment id that can be added`, id);
    }
    const last = this.list[this.list.length - 1]!;
    const style = this.list[0]!.terminator || '\r';
    const segment = new Hl7Segment(id, id, last.terminator === '' ? '' : last.terminator, this.delimiters);
    if (last.terminator === '') last.terminator = style;
    segment.edited = true;
    this.list.push(segment);
    if (this.byId !== undefined) this.byId.set(id, [...(this.byId.get(id) ?? []), segment]);
    this.reshaped = true;
    return segment;
  }

  toString(): string {
    if (!this.reshaped && !this.list.some((s) => s.edited)) return this.bom ? `\uFEFF${this.source}` : this.source;
    let out = this.bom ? '\uFEFF' : '';
    for (const s of this.list) out += s.toString() + s.terminator;
    return out;
  }

  private require(p: Hl7Path): Hl7Segment {
    const segment = this.segment(p.segment, p.occurrence);
    if (segment === undefined) {
      throw new Hl7PathError('HL7_NO_SEGMENT', `${p.text}: the message has no ${p.segment} #${p.occurrence}`, p.text);
    }
    return segment;
  }
}

/** serialize(parse(text)) === text for every text parse accepts. */
export const serialize = (message: Hl7Message): string => message.toString();
