import type { CsvColumnRule } from '@contract/data-batches';

/** The Patient fields the console offers for a CSV column, each with the mapping transform it goes through. */
export const PATIENT_FIELDS = [
  { value: 'identifier', label: 'Identifier (MRN)', rule: { target: 'identifier[0].value' } },
  { value: 'family', label: 'Family name', rule: { target: 'name[0].family' } },
  { value: 'given', label: 'Given name', rule: { target: 'name[0].given[0]' } },
  { value: 'birthDate', label: 'Birth date', rule: { target: 'birthDate', transform: 'date_to_iso' } },
  { value: 'gender', label: 'Gender', rule: { target: 'gender', transform: 'normalize_gender' } },
  { value: 'phone', label: 'Phone', rule: { target: 'telecom[0].value', transform: 'normalize_phone' } },
  { value: 'line', label: 'Address line', rule: { target: 'address[0].line[0]' } },
  { value: 'city', label: 'City', rule: { target: 'address[0].city' } },
  { value: 'state', label: 'State', rule: { target: 'address[0].state' } },
  { value: 'postalCode', label: 'Postal code', rule: { target: 'address[0].postalCode' } },
] as const;

const GUESSES: readonly [RegExp, string][] = [
  [/^(mrn|id|identifier|patient.?id)$/i, 'identifier'],
  [/^(family|last.?name|surname)$/i, 'family'],
  [/^(given|first.?name)$/i, 'given'],
  [/^(birth.?date|dob|date.?of.?birth)$/i, 'birthDate'],
  [/^(gender|sex)$/i, 'gender'],
  [/^(phone|telephone|tel)$/i, 'phone'],
  [/^(address|street|line)$/i, 'line'],
  [/^city$/i, 'city'],
  [/^state$/i, 'state'],
  [/^(zip|postal.?code)$/i, 'postalCode'],
];

/** A first guess at each column's field from its header; empty when nothing matches. */
export const guessField = (column: string): string => GUESSES.find(([pattern]) => pattern.test(column.trim()))?.[1] ?? '';

/** The mapping's column rules for the fields chosen (columns left empty are not imported). */
export function columnRules(choices: Readonly<Record<string, string>>): CsvColumnRule[] {
  return Object.entries(choices).flatMap(([column, field]) => {
    const known = PATIENT_FIELDS.find((f) => f.value === field);
    return known ? [{ column, ...known.rule }] : [];
  });
}

/** The file's first part, cut at a line end, for previewing a large CSV without sending all of it. */
export const headOf = (text: string, chars = 64 * 1024): string => {
  if (text.length <= chars) return text;
  const cut = text.lastIndexOf('\n', chars);
  return cut > 0 ? text.slice(0, cut + 1) : text.slice(0, chars);
};
