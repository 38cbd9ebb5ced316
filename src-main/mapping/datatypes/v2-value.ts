import type { Hl7Delimiters, Hl7Segment } from '../../hl7';
import { decodeEscapes, HL7_NULL } from '../../hl7';

/**
 * The input of every datatype transform: one field repetition as its components, each a list of
 * subcomponents, already unescaped (formatting sequences such as `\.br\` stay, as the codec keeps them).
 * `PID-5[1]` = `EVERYMAN&&&&Aniston^ADAM` reads as `[['EVERYMAN', '', '', '', 'Aniston'], ['ADAM']]`.
 * The explicit HL7 null `""` is kept here and reads as empty through `comp`.
 */
export type V2Value = readonly (readonly string[])[];

const split = (text: string, sep: string): string[] => (sep === '' ? [text] : text.split(sep));

/** One repetition's raw (escaped) text → its components and subcomponents, unescaped. */
export function splitRepetition(raw: string, d: Hl7Delimiters): V2Value {
  if (raw === '') return [];
  return split(raw, d.component).map((component) => split(component, d.subcomponent).map((sub) => decodeEscapes(sub, d)));
}

/** Every repetition of field `n` of a segment (none when the field is empty). */
export function readField(segment: Hl7Segment, n: number): V2Value[] {
  const raw = segment.field(n);
  if (raw === '') return [];
  if (segment.isHeader && n <= 2) return [[[raw]]];
  return split(raw, segment.delimiters.repetition).map((repetition) => splitRepetition(repetition, segment.delimiters));
}

/** Repetition `repetition` (1-based) of field `n`; empty when absent. */
export const readRepetition = (segment: Hl7Segment, n: number, repetition = 1): V2Value => readField(segment, n)[repetition - 1] ?? [];

/** A plain string (a rule's leaf value, a transform's output) as a one-component value. */
export const fromText = (text: string): V2Value => (text === '' ? [] : [[text]]);

/** Component `n` (1-based), its first subcomponent; '' when absent or the HL7 null. */
export function comp(value: V2Value, n: number): string {
  const text = value[n - 1]?.[0] ?? '';
  return text === HL7_NULL ? '' : text.trim();
}

/** Component `n` as a value of its own (its subcomponents as components): an HD inside CX.4, an FN inside XPN.1. */
export const sub = (value: V2Value, n: number): V2Value => (value[n - 1] ?? []).map((s) => [s]);

/** Components `from`…`to` as a value of their own: the HD spread over EI.2–EI.4. */
export const range = (value: V2Value, from: number, to: number): V2Value => value.slice(from - 1, to);

/** True when no component holds text (the HL7 null counts as empty). */
export const isEmpty = (value: V2Value): boolean => value.every((component) => component.every((s) => s === '' || s === HL7_NULL));

/** True when the value is the explicit HL7 null `""` ("delete this value"). */
export const isHl7Null = (value: V2Value): boolean => value.length === 1 && value[0]!.length === 1 && value[0]![0] === HL7_NULL;
