import { DATA_DIR_PARTS, type DataDirPart } from '../../src-shared';
import { KEY_FILE_NAME, NEXT_KEY_FILE_NAME } from '../secrets/key-file-cipher';

/**
 * Pure: which part of the data directory a top-level entry belongs to, by its name. The store's files
 * (with SQLite's -wal and -shm beside them), the intake journal, the folders the engine writes, and its keys.
 */
export function dataDirPartOf(topLevelName: string): DataDirPart {
  const base = topLevelName.replace(/-(wal|shm|journal)$/, '');
  switch (base) {
    case 'interop.db':
      return 'database';
    case 'intake.db':
      return 'journal';
    case 'exports':
      return 'bulkExports';
    case 'import-jobs':
      return 'bulkImports';
    case 'data-batches':
      return 'dataBatches';
    case 'restore':
      return 'restore';
    default:
      return base === KEY_FILE_NAME || base === NEXT_KEY_FILE_NAME ? 'keys' : 'other';
  }
}

/** Pure: sums the top-level entries (their bytes and files) into one row per part, in the contract's order, leaving out parts with no file. */
export function sumParts(entries: readonly { topLevelName: string; bytes: number; files: number }[]): { part: DataDirPart; bytes: number; files: number }[] {
  const sums = new Map<DataDirPart, { bytes: number; files: number }>();
  for (const { topLevelName, bytes, files } of entries) {
    if (files === 0) continue;
    const part = dataDirPartOf(topLevelName);
    const sum = sums.get(part) ?? { bytes: 0, files: 0 };
    sums.set(part, { bytes: sum.bytes + bytes, files: sum.files + files });
  }
  return DATA_DIR_PARTS.flatMap((part) => {
    const sum = sums.get(part);
    return sum ? [{ part, ...sum }] : [];
  });
}
