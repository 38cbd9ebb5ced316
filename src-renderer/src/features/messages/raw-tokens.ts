export type RawTokenKind = 'segment' | 'encoding' | 'field' | 'component' | 'repetition' | 'subcomponent' | 'escape' | 'text';

export interface RawToken {
  kind: RawTokenKind;
  text: string;
}

export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/** Segments that declare the delimiters in their first two fields. */
const HEADER_IDS = new Set(['MSH', 'FHS', 'BHS']);
const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/** One entry per segment, whichever line ending the sender used; a final terminator adds no empty line. */
export function segmentLines(raw: string): string[] {
  const lines = raw.split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

const isHeader = (line: string): boolean => HEADER_IDS.has(line.slice(0, 3)) && line.length > 3;

/** The delimiters the first header segment declares; the HL7 defaults when there is none to read. */
export function delimitersOf(lines: readonly string[]): Delimiters {
  const header = lines.find(isHeader);
  if (!header) return DEFAULT_DELIMITERS;
  const field = header.charAt(3);
  const end = header.indexOf(field, 4);
  const chars = header.slice(4, end === -1 ? undefined : end);
  return { field, component: chars.charAt(0), repetition: chars.charAt(1), escape: chars.charAt(2), subcomponent: chars.charAt(3) };
}

/**
 * Splits one segment into what the raw view colours: its id, separators, escape sequences (\F\, \X0D\)
 * and the text between. Joining the tokens' text gives the line back unchanged.
 */
export function tokenizeLine(line: string, d: Delimiters): RawToken[] {
  const tokens: RawToken[] = [];
  const push = (kind: RawTokenKind, text: string): void => {
    if (text === '') return;
    const last = tokens.at(-1);
    if (kind === 'text' && last?.kind === 'text') last.text += text;
    else tokens.push({ kind, text });
  };
  const separators = new Map<string, RawTokenKind>(
    ([['field', d.field], ['component', d.component], ['repetition', d.repetition], ['subcomponent', d.subcomponent]] as const)
      .filter(([, char]) => char !== '')
      .map(([kind, char]) => [char, kind]),
  );
  const reserved = new Set([...separators.keys(), d.escape]);

  let i: number;
  if (isHeader(line) && line.charAt(3) === d.field) {
    // MSH-1 and MSH-2 are the delimiters themselves, shown as one literal token.
    const end = line.indexOf(d.field, 4);
    push('segment', line.slice(0, 3));
    push('field', d.field);
    push('encoding', line.slice(4, end === -1 ? undefined : end));
    i = end === -1 ? line.length : end;
  } else {
    const end = d.field === '' ? -1 : line.indexOf(d.field);
    const id = line.slice(0, end === -1 ? undefined : end);
    push(SEGMENT_ID.test(id) ? 'segment' : 'text', id);
    i = id.length;
  }

  while (i < line.length) {
    const char = line.charAt(i);
    const separator = separators.get(char);
    if (separator) {
      push(separator, char);
      i++;
      continue;
    }
    if (char === d.escape && d.escape !== '') {
      const close = line.indexOf(d.escape, i + 1);
      const body = close === -1 ? '' : line.slice(i + 1, close);
      if (body !== '' && ![...body].some((c) => reserved.has(c))) {
        push('escape', line.slice(i, close + 1));
        i = close + 1;
        continue;
      }
    }
    push('text', char);
    i++;
  }
  return tokens;
}

/** Every segment of a message, tokenized with the delimiters its header declares. */
export function tokenizeMessage(raw: string): RawToken[][] {
  const lines = segmentLines(raw);
  const d = delimitersOf(lines);
  return lines.map((line) => tokenizeLine(line, d));
}
