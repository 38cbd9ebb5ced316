import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { encodeNdjson, parseNdjson } from './ndjson-file';

const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Line\nBreak' }] };
const observation = { resourceType: 'Observation', status: 'final', code: { text: 'x' } };

function badLine(text: string): AppError {
  try {
    parseNdjson(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('NDJSON files', () => {
  it('writes one resource per LF-ended line and reads them back', () => {
    const text = encodeNdjson([patient, observation]);
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseNdjson(text)).toEqual([patient, observation]);
  });

  it('tolerates CRLF line ends, blank lines, a byte-order mark and a missing final line break', () => {
    expect(parseNdjson(`\uFEFF${JSON.stringify(patient)}\r\n\r\n${JSON.stringify(observation)}`)).toEqual([patient, observation]);
  });

  it('refuses a line that is not JSON, or has no resourceType, naming the line', () => {
    const notJson = badLine(`${JSON.stringify(patient)}\n{oops\n`);
    expect([notJson.code, notJson.message, notJson.details]).toEqual(['NDJSON_BAD_LINE', 'line 2 is not valid JSON', { line: 2 }]);
    expect(badLine('\n[1,2]\n').message).toBe('line 2 is not a JSON object');
    expect(badLine('{"id":"x"}').message).toBe('line 1 has no resourceType');
  });
});
