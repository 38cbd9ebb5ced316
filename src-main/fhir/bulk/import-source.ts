import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AppError } from '../../core/errors';
import { refusedRule, type GuardedFetch } from '../../fetch/fetch-policy';

/** An input that cannot be opened; the message completes "The input …". */
const sourceFailed = (message: string): AppError => new AppError('unavailable', 'FHIR_IMPORT_SOURCE_UNREADABLE', message);

/** Drops the first `skip` bytes of a stream: a server that ignored our Range header sends the file from its start. */
async function* skipBytes(chunks: AsyncIterable<Uint8Array>, skip: number): AsyncGenerator<Uint8Array> {
  let left = skip;
  for await (const chunk of chunks) {
    if (left >= chunk.byteLength) {
      left -= chunk.byteLength;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/** The bytes of a local file from `start`, streamed. */
export async function openFile(path: string, start: number, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
  const stream = createReadStream(path, { start, signal, highWaterMark: 256 * 1024 });
  // Open errors (missing file, a folder, no permission) surface here rather than mid-iteration.
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve());
    stream.once('error', () => reject(sourceFailed('cannot be read')));
  });
  return stream;
}

/**
 * The bytes of an http(s) resource from `start`, streamed; asks for a range and copes with servers that ignore it.
 * A URL the fetch policy refuses is reported by the rule that refused it, and nothing about what it would answer.
 */
export async function openUrl(url: string, start: number, signal: AbortSignal, fetchFn: GuardedFetch): Promise<AsyncIterable<Uint8Array>> {
  const headers: Record<string, string> = { accept: 'application/fhir+ndjson, application/ndjson;q=0.9, */*;q=0.1' };
  if (start > 0) headers.range = `bytes=${start}-`;
  const response = await fetchFn(url, { headers, signal }).catch((error: unknown) => {
    const rule = refusedRule(error);
    if (rule !== undefined) throw sourceFailed(`was refused: ${rule}`);
    throw sourceFailed(`could not be fetched (${error instanceof Error ? error.name : 'error'})`);
  });
  if (response.status === 416 && start > 0) return Readable.from([]);
  if (!response.ok) throw sourceFailed(`answered ${response.status}`);
  if (!response.body) return Readable.from([]);
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  return response.status === 206 ? body : skipBytes(body, start);
}
