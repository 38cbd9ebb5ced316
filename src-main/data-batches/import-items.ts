import { parse } from 'csv-parse/sync';
import type { DataImportFormat } from '../../src-shared';
import { AppError } from '../core/errors';
import { ndjsonTextLines } from '../fhir/ndjson-file';
import { Hl7ParseError, splitHl7File } from '../hl7';

/** One thing to import and where it starts in the file (1-based line). */
export type ImportItem = { line: number; text: string } | { line: number; values: string[] };

export interface ImportItems {
  /** CSV: the header row's column names. */
  columns: string[];
  items: ImportItem[];
}

export const DATA_IMPORT_UNREADABLE = 'DATA_IMPORT_UNREADABLE';

const unreadable = (message: string): AppError => new AppError('unprocessable', DATA_IMPORT_UNREADABLE, message);

/** The rows of a CSV with the line each starts on; the first row is the header. Quoted fields may span lines. */
export function csvRows(text: string, delimiter: string): { line: number; values: string[] }[] {
  try {
    const records = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    let nextLine = 1;
    return records.map(({ record, info }) => {
      // info.lines is the line the record ends on; a record starts after the previous one ended (blank lines aside).
      const line = Math.min(nextLine, info.lines);
      nextLine = info.lines + 1;
      return { line, values: record };
    });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw unreadable(`The CSV cannot be read${typeof lines === 'number' ? ` at line ${lines}` : ''}: ${(error as { code?: string }).code ?? 'malformed'}`);
  }
}

/** The line each message of an HL7 file starts on, found by walking the file in message order. */
function hl7Items(text: string): ImportItem[] {
  let messages: string[];
  try {
    messages = splitHl7File(text).messages;
  } catch (error) {
    if (error instanceof Hl7ParseError) throw new AppError('unprocessable', DATA_IMPORT_UNREADABLE, `The HL7 file cannot be split into messages: ${error.message}`, { hl7Error: error.code });
    throw error;
  }
  let offset = 0;
  let line = 1;
  return messages.map((message) => {
    const at = text.indexOf(message, offset);
    const before = text.slice(offset, at < 0 ? offset : at);
    line += (before.match(/\r\n|\r|\n/g) ?? []).length;
    const item = { line, text: message };
    line += (message.match(/\r\n|\r|\n/g) ?? []).length;
    offset = at < 0 ? offset : at + message.length;
    return item;
  });
}

/** Reads an uploaded file into the items a batch imports one by one. Throws DATA_IMPORT_UNREADABLE when the file as a whole cannot be read. */
export function readImportItems(format: DataImportFormat, text: string, delimiter = ','): ImportItems {
  switch (format) {
    case 'fhir-ndjson':
      return { columns: [], items: ndjsonTextLines(text) };
    case 'csv': {
      const [header, ...rows] = csvRows(text, delimiter);
      if (!header) throw unreadable('The CSV has no header row');
      return { columns: header.values.map((c) => c.trim()), items: rows };
    }
    case 'hl7-batch':
      return { columns: [], items: hl7Items(text) };
    default:
      return format satisfies never;
  }
}
