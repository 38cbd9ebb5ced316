import { delimitersOf, segmentLines, type Delimiters } from './raw-tokens';

export interface AckError {
  /** e.g. `MSH-9` or `PID-5.1`. */
  location: string | null;
  /** Table 0357 code and its text, e.g. `101 Required field missing`. */
  condition: string | null;
  severity: string | null;
  diagnostic: string | null;
  userMessage: string | null;
}

export interface AckSummary {
  code: string | null;
  meaning: string | null;
  /** MSA-2: the control id of the message this ACK answers. */
  controlId: string | null;
  text: string | null;
  errors: AckError[];
}

/** HL7 table 0008. */
const ackMeanings: Record<string, string> = {
  AA: 'Application accept',
  AE: 'Application error',
  AR: 'Application reject',
  CA: 'Commit accept',
  CE: 'Commit error',
  CR: 'Commit reject',
};
/** HL7 table 0516. */
const severities: Record<string, string> = { E: 'Error', W: 'Warning', I: 'Information', F: 'Fatal error' };

const blankToNull = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value);

/** The basic escapes (\F\ \S\ \T\ \R\ \E\ and \.br\), enough to read a diagnostic. */
function unescape(text: string, d: Delimiters): string {
  if (d.escape === '') return text;
  const e = d.escape;
  const known: Record<string, string> = { F: d.field, S: d.component, T: d.subcomponent, R: d.repetition, E: e, '.br': '\n' };
  return text.replace(new RegExp(`\\${e}(F|S|T|R|E|\\.br)\\${e}`, 'g'), (_match, name: string) => known[name] ?? _match);
}

/** `MSH^1^9^^1` (ERL) as `MSH-9.1`; the segment sequence is left out because it is nearly always 1. */
function locationOf(parts: readonly string[]): string | null {
  const [segment = '', , field = '', , component = ''] = parts;
  if (segment === '' && field === '') return null;
  return `${segment || '?'}${field ? `-${field}` : ''}${component ? `.${component}` : ''}`;
}

/** `207^Application internal error^HL70357` as `207 Application internal error`. */
const conditionOf = (parts: readonly string[]): string | null => blankToNull(parts.slice(0, 2).filter((p) => p !== '').join(' '));

function errorsOf(fields: readonly string[], d: Delimiters): AckError[] {
  const split = (value: string | undefined, sep: string): string[] => (value === undefined || value === '' ? [] : sep === '' ? [value] : value.split(sep));
  // From 2.5 on: ERR-2 location, ERR-3 condition, ERR-4 severity, ERR-7 diagnostic, ERR-8 user message.
  if (fields.length > 2) {
    return [
      {
        location: locationOf(split(fields[2], d.component)),
        condition: conditionOf(split(fields[3], d.component)),
        severity: severities[fields[4] ?? ''] ?? blankToNull(fields[4]),
        diagnostic: blankToNull(unescape(fields[7] ?? '', d)),
        userMessage: blankToNull(unescape(fields[8] ?? '', d)),
      },
    ];
  }
  // Before 2.5: one ERR whose ERR-1 repeats `segment^sequence^field^code&text&table`.
  return split(fields[1], d.repetition).map((repetition) => {
    const parts = split(repetition, d.component);
    return {
      location: locationOf([parts[0] ?? '', parts[1] ?? '', parts[2] ?? '']),
      condition: conditionOf(split(parts[3], d.subcomponent)),
      severity: null,
      diagnostic: null,
      userMessage: null,
    };
  });
}

/** What an ACK says, read from its MSA and ERR segments. */
export function summarizeAck(payload: string): AckSummary {
  const lines = segmentLines(payload);
  const d = delimitersOf(lines);
  const segments = lines.map((line) => (d.field === '' ? [line] : line.split(d.field)));
  const msa = segments.find((fields) => fields[0] === 'MSA') ?? [];
  const code = blankToNull(msa[1]);
  return {
    code,
    meaning: code ? (ackMeanings[code] ?? null) : null,
    controlId: blankToNull(msa[2]),
    text: blankToNull(unescape(msa[3] ?? '', d)),
    errors: segments.filter((fields) => fields[0] === 'ERR').flatMap((fields) => errorsOf(fields, d)),
  };
}
