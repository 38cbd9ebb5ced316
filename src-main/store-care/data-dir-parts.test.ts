import { describe, expect, it } from 'vitest';
import { dataDirPartOf, sumParts } from './data-dir-parts';

describe('data directory parts', () => {
  it('counts the database with its write-ahead log and shared memory, and the journal with its own', () => {
    expect(['interop.db', 'interop.db-wal', 'interop.db-shm'].map(dataDirPartOf)).toEqual(['database', 'database', 'database']);
    expect(['intake.db', 'intake.db-wal'].map(dataDirPartOf)).toEqual(['journal', 'journal']);
  });

  it('names the folders the engine writes and its key files, and calls anything else other', () => {
    expect(['exports', 'import-jobs', 'data-batches', 'restore', 'secret.key', 'secret.key.next', 'engine.lock', 'notes.txt'].map(dataDirPartOf)).toEqual([
      'bulkExports',
      'bulkImports',
      'dataBatches',
      'restore',
      'keys',
      'keys',
      'other',
      'other',
    ]);
  });

  it('sums entries per part in a fixed order and leaves out parts with no file', () => {
    expect(
      sumParts([
        { topLevelName: 'engine.lock', bytes: 10, files: 1 },
        { topLevelName: 'interop.db-wal', bytes: 5, files: 1 },
        { topLevelName: 'interop.db', bytes: 100, files: 1 },
        { topLevelName: 'exports', bytes: 0, files: 0 },
      ]),
    ).toEqual([
      { part: 'database', bytes: 105, files: 2 },
      { part: 'other', bytes: 10, files: 1 },
    ]);
  });
});
