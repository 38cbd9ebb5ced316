/**
 * Parses RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks; records end at
 * CRLF, LF or CR outside quotes. A final line break does not make an extra empty record.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  // A record is open once any character of it was read, so a last record of one empty quoted cell counts.
  let open = false;
  let i = 0;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    records.push(record);
    record = [];
    open = false;
  };
  while (i < text.length) {
    const ch = text[i];
    open = open || (ch !== '\r' && ch !== '\n') || quoted;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else cell += ch;
    i += 1;
  }
  if (open) endRecord();
  return records;
}
