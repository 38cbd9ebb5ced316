import { Hl7ParseError, lineAt } from './errors';

/** Separators and escape character declared by MSH-1 / MSH-2 (or FHS / BHS). '' = not declared. */
export interface Hl7Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
  /** 2.7+ fifth encoding character; accepted in any version because senders use it early. */
  readonly truncation: string;
  /** MSH-2 exactly as received. */
  readonly encodingCharacters: string;
}

export const DEFAULT_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: '',
  encodingCharacters: '^~\\&',
};

const isForbidden = (c: number): boolean =>
  c === 13 || c === 10 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c < 32;

/**
 * Reads the delimiters of the header segment starting at `start` ('MSH', 'FHS' or 'BHS').
 * MSH-2 `^~\\&` (the escape character doubled, as written by code that forgot to unescape a string
 * literal) is read as `^~\&`: one real sender does this and the intent is unambiguous.
 */
export function readDelimiters(text: string, start: number): Hl7Delimiters {
  // Nearly every message uses the standard set; recognise it without allocating.
  if (text.startsWith('|^~\\&|', start + 3)) return DEFAULT_DELIMITERS;
  const fail = (code: 'HL7_MSH_TOO_SHORT' | 'HL7_BAD_ENCODING_CHARS', message: string, at: number): never => {
    throw new Hl7ParseError(code, message, { segmentIndex: 0, line: lineAt(text, at), offset: at });
  };
  const id = text.slice(start, start + 3);
  const sepAt = start + 3;
  if (sepAt >= text.length || text.charCodeAt(sepAt) === 13 || text.charCodeAt(sepAt) === 10) {
    fail('HL7_MSH_TOO_SHORT', `${id} has no fields`, sepAt);
  }
  const field = text[sepAt]!;
  if (isForbidden(field.charCodeAt(0))) fail('HL7_BAD_ENCODING_CHARS', `${id}-1 field separator ${JSON.stringify(field)} is not allowed`, sepAt);
  let end = sepAt + 1;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 13 || c === 10 || text[end] === field) break;
    end++;
  }
  const chars = text.slice(sepAt + 1, end);
  if (chars.length === 0) fail('HL7_BAD_ENCODING_CHARS', `${id}-2 encoding characters are empty`, sepAt + 1);
  if (chars.length > 5) fail('HL7_BAD_ENCODING_CHARS', `${id}-2 encoding characters ${JSON.stringify(chars)} are more than 5`, sepAt + 1);
  const effective = chars.length === 5 && chars[2] === chars[3] ? chars.slice(0, 3) + chars[4] : chars;
  const seen = new Set<string>([field]);
  for (let i = 0; i < effective.length; i++) {
    const c = effective[i]!;
    if (isForbidden(c.charCodeAt(0)) || seen.has(c)) {
      fail('HL7_BAD_ENCODING_CHARS', `${id}-2 encoding characters ${JSON.stringify(chars)} repeat a separator or use a letter, digit or control character`, sepAt + 1);
    }
    seen.add(c);
  }
  return {
    field,
    component: effective[0]!,
    repetition: effective[1] ?? '',
    escape: effective[2] ?? '',
    subcomponent: effective[3] ?? '',
    truncation: effective[4] ?? '',
    encodingCharacters: chars,
  };
}
