import type { Hl7Delimiters } from './delimiters';
import { Hl7PathError } from './errors';
import { decodeEscapes, encodeEscapes } from './escape';
import type { Hl7Path } from './path';
import { parseFieldPath } from './path';
import { piece, replacePiece } from './pieces';

/** The explicit HL7 null: a field sent as `""` means "delete this value", an empty one "not sent". */
export const HL7_NULL = '""';

const isHeaderId = (id: string): boolean => id === 'MSH' || id === 'FHS' || id === 'BHS';

/**
 * One segment. Field boundaries are found when first needed (reading MSH never touches OBX text) and
 * the field list is materialised only by an edit. Header segments (MSH, FHS, BHS) number their fields from the separator: field 1 is the field
 * separator itself, field 2 the encoding characters; both are read-only and never decoded.
 */
export class Hl7Segment {
  readonly isHeader: boolean;
  /** Source text; undefined once an edit has moved the fields into `parts`. */
  private text: string | undefined;
  private parts: string[] | undefined;
  /** Field-separator offsets in `text`, found on demand: reading OBX-5 scans five separators, not forty. */
  private seps: number[] | undefined;
  private scannedAll = false;
  /** Set by edits so the message knows it can no longer return its source text. */
  edited = false;

  constructor(
    readonly id: string,
    text: string,
    /** What followed the segment in the source ("\r", "\n", "\r\n", a run of them, or '' at the end). */
    public terminator: string,
    readonly delimiters: Hl7Delimiters,
  ) {
    this.text = text;
    this.isHeader = isHeaderId(id);
  }

  toString(): string {
    return (this.text ??= this.parts!.join(this.delimiters.field));
  }

  get fieldCount(): number {
    const pieces = this.parts !== undefined ? this.parts.length : this.scanTo(Infinity) + 1;
    return this.isHeader ? pieces : pieces - 1;
  }

  /** Raw (still escaped) text of field `n`; '' when absent. */
  field(n: number): string {
    if (n < 1) return '';
    if (this.isHeader && n === 1) return this.delimiters.field;
    const k = this.isHeader ? n - 1 : n;
    if (this.parts !== undefined) return this.parts[k] ?? '';
    const found = this.scanTo(k + 1);
    if (k > found) return '';
    const seps = this.seps!;
    const text = this.text!;
    return text.slice(seps[k - 1]! + 1, k < found ? seps[k] : text.length);
  }

  /** Raw text of fields 1…fieldCount. */
  fields(): string[] {
    const out: string[] = [];
    for (let n = 1; n <= this.fieldCount; n++) out.push(this.field(n));
    return out;
  }

  /** Decoded value; the first repetition / component / subcomponent where the path stops short. */
  get(path: string | number): string {
    if (typeof path === 'number') return this.leaf(path, 1, 1, 1);
    return this.getAt(parseFieldPath(path));
  }

  getRaw(path: string | number): string {
    return this.getRawAt(parseFieldPath(path));
  }

  /** Decoded values of every repetition (or of the one the path names). */
  getAll(path: string | number): string[] {
    return this.getAllAt(parseFieldPath(path));
  }

  /** Writes `value` escaped into the leaf the path names; null writes the explicit null `""`. */
  set(path: string | number, value: string | null): void {
    this.setAt(parseFieldPath(path), value);
  }

  /** Writes already-encoded text in place of the node the path names (whole field when it stops there). */
  setRaw(path: string | number, raw: string): void {
    this.setRawAt(parseFieldPath(path), raw);
  }

  getAt(p: Hl7Path): string {
    return this.leaf(p.field, p.repetition ?? 1, p.component ?? 1, p.subcomponent ?? 1);
  }

  getRawAt(p: Hl7Path): string {
    const d = this.delimiters;
    let v = this.field(p.field);
    if (this.isHeader && p.field <= 2) return v;
    if (p.repetition === undefined && p.component === undefined) return v;
    v = piece(v, d.repetition, p.repetition ?? 1);
    if (p.component === undefined) return v;
    v = piece(v, d.component, p.component);
    return p.subcomponent === undefined ? v : piece(v, d.subcomponent, p.subcomponent);
  }

  getAllAt(p: Hl7Path): string[] {
    if (p.repetition !== undefined) return [this.getAt(p)];
    const raw = this.field(p.field);
    if (raw === '') return [];
    if (this.isHeader && p.field <= 2) return [raw];
    const d = this.delimiters;
    // One pass over the field: reading repetition r by index from the start each time is quadratic in the repetitions.
    const repetitions = d.repetition === '' ? [raw] : raw.split(d.repetition);
    return repetitions.map((rep) => decodeEscapes(piece(piece(rep, d.component, p.component ?? 1), d.subcomponent, p.subcomponent ?? 1), d));
  }

  setAt(p: Hl7Path, value: string | null): void {
    const d = this.delimiters;
    const encoded = value === null ? HL7_NULL : encodeEscapes(value, d);
    if (encoded === undefined) {
      throw new Hl7PathError('HL7_UNENCODABLE', `${p.text}: the message declares no escape character, so delimiters cannot be written`, p.text);
    }
    this.writeNode(p, p.repetition ?? 1, p.component ?? 1, p.subcomponent ?? 1, encoded);
  }

  setRawAt(p: Hl7Path, raw: string): void {
    const d = this.delimiters;
    const forbidden = ['\r', '\n', d.field];
    if (p.repetition !== undefined || p.component !== undefined) forbidden.push(d.repetition);
    if (p.component !== undefined) forbidden.push(d.component);
    if (p.subcomponent !== undefined) forbidden.push(d.subcomponent);
    if (forbidden.some((c) => c !== '' && raw.includes(c))) {
      throw new Hl7PathError('HL7_UNENCODABLE', `${p.text}: raw text holds a separator of this level or a higher one`, p.text);
    }
    if (p.repetition === undefined && p.component === undefined) {
      this.writeField(p, raw);
      return;
    }
    this.writeNode(p, p.repetition ?? 1, p.component, p.subcomponent, raw);
  }

  private leaf(n: number, rep: number, comp: number, sub: number): string {
    const f = this.field(n);
    if (f === '' || (this.isHeader && n <= 2)) return f;
    const d = this.delimiters;
    return decodeEscapes(piece(piece(piece(f, d.repetition, rep), d.component, comp), d.subcomponent, sub), d);
  }

  private writeNode(p: Hl7Path, rep: number, comp: number | undefined, sub: number | undefined, text: string): void {
    const d = this.delimiters;
    if ((rep > 1 && d.repetition === '') || (sub !== undefined && sub > 1 && d.subcomponent === '')) {
      throw new Hl7PathError('HL7_UNENCODABLE', `${p.text}: the message declares no separator for that level`, p.text);
    }
    const field = this.field(p.field);
    const repText = piece(field, d.repetition, rep);
    let newRep = text;
    if (comp !== undefined) {
      const compText = piece(repText, d.component, comp);
      const newComp = sub === undefined ? text : replacePiece(compText, d.subcomponent, sub, text);
      newRep = replacePiece(repText, d.component, comp, newComp);
    }
    this.writeField(p, replacePiece(field, d.repetition, rep, newRep));
  }

  private writeField(p: Hl7Path, text: string): void {
    if (this.isHeader && p.field <= 2) {
      throw new Hl7PathError('HL7_READ_ONLY', `${this.id}-${p.field} holds the delimiters and cannot be edited`, p.text);
    }
    const parts = this.split();
    const index = this.isHeader ? p.field - 1 : p.field;
    while (parts.length <= index) parts.push('');
    parts[index] = text;
    this.text = undefined;
    this.edited = true;
  }

  /** Finds separators until `count` are known or the text ends; returns how many are known. */
  private scanTo(count: number): number {
    const seps = (this.seps ??= []);
    if (this.scannedAll || seps.length >= count) return seps.length;
    const text = this.text!;
    const sep = this.delimiters.field;
    let at = seps.length === 0 ? text.indexOf(sep) : text.indexOf(sep, seps[seps.length - 1]! + 1);
    while (at !== -1) {
      seps.push(at);
      if (seps.length >= count) return seps.length;
      at = text.indexOf(sep, at + 1);
    }
    this.scannedAll = true;
    return seps.length;
  }

  private split(): string[] {
    if (this.parts === undefined) {
      this.parts = this.text!.split(this.delimiters.field);
      this.seps = undefined;
    }
    return this.parts;
  }
}
