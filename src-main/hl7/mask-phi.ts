import type { Hl7Delimiters } from './delimiters';
import type { Hl7Message } from './message';
import { parse } from './parse';
import { HL7_NULL } from './segment';

/**
 * Fields that identify a person: ids, names, birth dates, addresses, phone numbers — of the patient
 * (PID, MRG), next of kin (NK1), guarantor (GT1) and insured (IN1) — plus free text (NTE-3, and OBX-5
 * when OBX-2 says it is text), which routinely carries names.
 */
const PHI_FIELDS: Readonly<Record<string, readonly number[]>> = {
  PID: [2, 3, 4, 5, 6, 7, 9, 11, 13, 14, 18, 19, 20, 21],
  MRG: [1, 2, 3, 4, 7],
  NK1: [2, 4, 5, 6, 30, 31, 32, 33, 37],
  GT1: [2, 3, 4, 5, 6, 7, 8, 12, 19],
  IN1: [16, 18, 19, 36, 49],
  NTE: [3],
};
const TEXT_TYPES = new Set(['TX', 'FT', 'ST']);
export const PHI_MASK = '***';

/** Replaces every valued leaf with ***, keeping separators, so counts and positions stay as they were. */
function maskField(raw: string, d: Hl7Delimiters): string {
  const split = (text: string, sep: string, inner: (part: string) => string): string =>
    sep === '' ? inner(text) : text.split(sep).map(inner).join(sep);
  const leaf = (value: string): string => (value === '' || value === HL7_NULL ? value : PHI_MASK);
  return split(raw, d.repetition, (rep) => split(rep, d.component, (comp) => split(comp, d.subcomponent, leaf)));
}

/** The message text with PHI masked; the input message is left untouched. */
export function maskPhi(message: Hl7Message | string): string {
  const copy = parse(typeof message === 'string' ? message : message.toString());
  for (const segment of copy.segments()) {
    const fields = segment.id === 'OBX' ? (TEXT_TYPES.has(segment.get(2)) ? [5] : []) : PHI_FIELDS[segment.id];
    for (const n of fields ?? []) {
      const raw = segment.field(n);
      const masked = maskField(raw, copy.delimiters);
      if (masked !== raw) segment.setRaw(n, masked);
    }
  }
  return copy.toString();
}
