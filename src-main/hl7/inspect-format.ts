import type { Hl7Delimiters } from './delimiters';
import { fieldInfo, segmentName } from './dictionary';
import { decodeEscapes } from './escape';
import type { Hl7Header } from './header';
import type { Hl7Message } from './message';
import type { Hl7Segment } from './segment';

/** Segment label as paths spell it: `OBX[2]` when the message has several OBX, else `OBX`. */
function labels(message: Hl7Message): Map<Hl7Segment, string> {
  const out = new Map<Hl7Segment, string>();
  const seen = new Map<string, number>();
  for (const segment of message.segments()) {
    const occurrence = (seen.get(segment.id) ?? 0) + 1;
    seen.set(segment.id, occurrence);
    out.set(segment, message.segments(segment.id).length > 1 ? `${segment.id}[${occurrence}]` : segment.id);
  }
  return out;
}

/**
 * One line per segment and per valued field, in three aligned columns — position (a path that
 * message.get accepts), field name from the dictionary for the message's version, raw value:
 *   PID-5   Patient Name   DOE^JOHN
 */
export function inspectLines(message: Hl7Message): string[] {
  const version = message.header.version;
  const rows: [string, string, string][] = [];
  for (const [segment, label] of labels(message)) {
    rows.push([label, segmentName(segment.id) ?? '', '']);
    for (let n = 1; n <= segment.fieldCount; n++) {
      const value = segment.field(n);
      if (value !== '') rows.push([`${label}-${n}`, fieldInfo(segment.id, n, version)?.name ?? '', value]);
    }
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([position, name, value]) => `${position.padEnd(w0)}  ${name.padEnd(w1)}  ${value}`.trimEnd());
}

/** Repetitions → components → a string, or subcomponents when there are several; leaves decoded. */
export type Hl7JsonValue = Array<Array<string | string[]>>;

export interface Hl7JsonField {
  readonly position: string;
  readonly name: string;
  readonly raw: string;
  readonly value: Hl7JsonValue;
}

export interface Hl7JsonSegment {
  readonly id: string;
  readonly name: string;
  readonly fields: Hl7JsonField[];
}

export interface Hl7JsonMessage {
  readonly header: Hl7Header;
  readonly segments: Hl7JsonSegment[];
}

function structured(raw: string, d: Hl7Delimiters): Hl7JsonValue {
  const split = (text: string, sep: string): string[] => (sep === '' ? [text] : text.split(sep));
  return split(raw, d.repetition).map((rep) =>
    split(rep, d.component).map((comp) => {
      const subs = split(comp, d.subcomponent).map((s) => decodeEscapes(s, d));
      return subs.length === 1 ? subs[0]! : subs;
    }),
  );
}

/** The parsed structure of one message, valued fields only, for `hl7 json` and the message viewer. */
export function toJson(message: Hl7Message): Hl7JsonMessage {
  const header = message.header;
  const d = message.delimiters;
  const segments: Hl7JsonSegment[] = [];
  for (const [segment, label] of labels(message)) {
    const fields: Hl7JsonField[] = [];
    for (let n = 1; n <= segment.fieldCount; n++) {
      const raw = segment.field(n);
      if (raw === '') continue;
      const atomic = segment.isHeader && n <= 2;
      fields.push({ position: `${label}-${n}`, name: fieldInfo(segment.id, n, header.version)?.name ?? '', raw, value: atomic ? [[raw]] : structured(raw, d) });
    }
    segments.push({ id: segment.id, name: segmentName(segment.id) ?? '', fields });
  }
  return { header, segments };
}

/** JSON.stringify with 2-space indent, but arrays and objects that fit in `width` characters on one line. */
export function prettyJson(value: unknown, width = 100, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined || value === null || typeof value !== 'object' || flat.length + indent.length <= width) return flat ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + prettyJson(v, width, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, width, inner)}`).join(',\n')}\n${indent}}`;
}
