import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('splits records on CRLF and LF and keeps empty cells', () => {
    expect(parseCsv('a,b,\r\n,c,d\nx')).toEqual([['a', 'b', ''], ['', 'c', 'd'], ['x']]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    expect(parseCsv('N,"Birth (nee), not otherwise specified",HL70190\r\nX,"line one\r\nline ""two""",\r\n')).toEqual([
      ['N', 'Birth (nee), not otherwise specified', 'HL70190'],
      ['X', 'line one\r\nline "two"', ''],
    ]);
  });

  it('does not add a record for a trailing line break but keeps a last record without one', () => {
    expect(parseCsv('a\r\n')).toEqual([['a']]);
    expect(parseCsv('a\r\n""')).toEqual([['a'], ['']]);
    expect(parseCsv('')).toEqual([]);
  });
});
