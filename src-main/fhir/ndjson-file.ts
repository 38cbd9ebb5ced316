import { AppError } from '../core/errors';

/** A FHIR resource as NDJSON carries it: any JSON object with a resourceType. */
export interface NdjsonResource {
  readonly resourceType: string;
  readonly [key: string]: unknown;
}

/** One resource per line, each line ended by LF (FHIR Bulk Data NDJSON). */
export function encodeNdjson(resources: readonly NdjsonResource[]): string {
  return resources.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/**
 * The resources of an NDJSON file. Blank lines, CRLF line ends and a leading byte-order mark are
 * tolerated; a line that is not a JSON object with a resourceType fails NDJSON_BAD_LINE naming the line.
 */
export function parseNdjson(text: string): NdjsonResource[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  const resources: NdjsonResource[] = [];
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw badLine(i + 1, 'is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badLine(i + 1, 'is not a JSON object');
    const resourceType = (value as { resourceType?: unknown }).resourceType;
    if (typeof resourceType !== 'string' || resourceType === '') throw badLine(i + 1, 'has no resourceType');
    resources.push(value as NdjsonResource);
  });
  return resources;
}

const badLine = (line: number, why: string): AppError => new AppError('validation', 'NDJSON_BAD_LINE', `line ${line} ${why}`, { line });
