import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors';

export const IMPORT_BODY_TOO_LARGE = 'FHIR_IMPORT_BODY_TOO_LARGE';

/**
 * Writes a request body to a new file (0600) chunk by chunk — never more than one chunk in memory — and
 * flushes it to disk. Past `limit` bytes it stops reading and throws AppError too_large (IMPORT_BODY_TOO_LARGE) without draining
 * the rest; the caller deletes the partial file. Returns the number of bytes written.
 */
export async function saveBody(source: Readable, path: string, limit: number): Promise<number> {
  const file = await open(path, 'wx', 0o600);
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let ended = false;
      const stop = (error?: unknown): void => {
        source.off('data', onData).off('end', onEnd).off('error', stop).off('close', onClose);
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error('the body could not be read'));
      };
      const onData = (chunk: Buffer): void => {
        bytes += chunk.length;
        source.pause();
        if (bytes > limit) return stop(new AppError('too_large', IMPORT_BODY_TOO_LARGE, `The body is larger than ${limit} bytes`, { limit }));
        file.write(chunk).then(() => source.resume(), stop);
      };
      const onEnd = (): void => {
        ended = true;
        stop();
      };
      const onClose = (): void => {
        if (!ended) stop(new Error('the body ended early'));
      };
      source.on('data', onData).once('end', onEnd).once('error', stop).once('close', onClose);
      source.resume();
    });
    await file.sync();
  } finally {
    await file.close();
  }
  return bytes;
}
