import { closeSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/**
 * Appends `text` to the file at the length its batch last saved, dropping bytes a crash left past it, and
 * flushes it to disk; returns the new length, which the caller saves with its checkpoint.
 */
export function appendDurably(path: string, savedBytes: number, text: string): number {
  const fd = openSync(path, 'a', 0o600);
  try {
    ftruncateSync(fd, savedBytes);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return savedBytes + Buffer.byteLength(text);
}
