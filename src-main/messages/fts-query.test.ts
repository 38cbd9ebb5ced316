import { describe, expect, it } from 'vitest';
import { ftsQuery } from './fts-query';

describe('FTS query from search text', () => {
  it('makes every word a quoted prefix term', () => {
    expect(ftsQuery('doe 123')).toBe('"doe"* AND "123"*');
  });

  it('splits on punctuation so identifiers with separators still match', () => {
    expect(ftsQuery('ACC-2024/77')).toBe('"ACC"* AND "2024"* AND "77"*');
  });

  it('neutralises FTS syntax and yields nothing for punctuation only', () => {
    expect(ftsQuery('" OR * NEAR(')).toBe('"OR"* AND "NEAR"*');
    expect(ftsQuery('^^^')).toBeUndefined();
  });
});
