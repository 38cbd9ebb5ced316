import { lstat, readdir, statfs } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { DataDirPart } from '../../src-shared';
import { sumParts } from './data-dir-parts';

/** The bytes a file or folder holds (links are counted as themselves, never followed); `skip` leaves a folder out. */
async function bytesUnder(path: string, skip: (path: string) => boolean): Promise<{ bytes: number; files: number }> {
  if (skip(path)) return { bytes: 0, files: 0 };
  const stats = await lstat(path).catch(() => undefined);
  if (!stats) return { bytes: 0, files: 0 };
  if (!stats.isDirectory()) return { bytes: stats.size, files: 1 };
  const names = await readdir(path).catch(() => [] as string[]);
  const inner = await Promise.all(names.map((name) => bytesUnder(join(path, name), skip)));
  return inner.reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }), { bytes: 0, files: 0 });
}

/** Whether `path` is `folder` or inside it. */
const within = (path: string, folder: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * What the data directory holds, part by part (data-dir-parts.ts), and the size and free space of its volume.
 * A backup folder inside the data directory is left out here: the backups are counted as their own line.
 */
export async function dataDirUsage(dataDir: string, backupFolder: string | null): Promise<{ parts: { part: DataDirPart; bytes: number; files: number }[]; totalBytes: number | null }> {
  const skip = (path: string): boolean => backupFolder !== null && within(path, backupFolder);
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const entries = await Promise.all(names.map(async (name) => ({ name, ...(await bytesUnder(join(dataDir, name), skip)) })));
  const volume = await statfs(dataDir).catch(() => undefined);
  return {
    parts: sumParts(entries.map(({ name, bytes, files }) => ({ topLevelName: name, bytes, files }))),
    totalBytes: volume ? volume.blocks * volume.bsize : null,
  };
}
