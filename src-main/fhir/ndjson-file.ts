import { AppError } from '../core/errors';
import { parseFhirJson, stringifyFhirJson } from './fhir-json-text';

/** A FHIR resource as NDJSON carries it: any JSON object with a resourceType. */
export interface NdjsonResource {
  readonly resourceType: string;
  readonly [key: string]: unknown;
}

/** One resource per line, each line ended by LF (FHIR Bulk Data NDJSON). */
export function encodeNdjson(resources: readonly NdjsonResource[]): string {
  return resources.map((r) => `${stringifyFhirJson(r)}\n`).join('');
}

/** The non-blank lines of an NDJSON text with their 1-based numbers; CRLF line ends and a leading byte-order mark are tolerated. */
export function ndjsonTextLines(text: string): { line: number; text: string }[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  return lines.flatMap((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return line.trim() === '' ? [] : [{ line: i + 1, text: line }];
  });
}

/**
 * The resources of an NDJSON file (see ndjsonTextLines for what is tolerated); a line that is not a
 * JSON object with a resourceType fails NDJSON_BAD_LINE naming the line.
 */
export function parseNdjson(text: string): NdjsonResource[] {
  return ndjsonTextLines(text).map(({ line, text: json }) => {
    let value: unknown;
    try {
      value = parseFhirJson(json);
    } catch {
      throw badLine(line, 'is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badLine(line, 'is not a JSON object');
    const resourceType = (value as { resourceType?: unknown }).resourceType;
    if (typeof resourceType !== 'string' || resourceType === '') throw badLine(line, 'has no resourceType');
    return value as NdjsonResource;
  });
}

const badLine = (line: number, why: string): AppError => new AppError('validation', 'NDJSON_BAD_LINE', `line ${line} ${why}`, { line });
