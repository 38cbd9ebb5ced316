import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts one of the engine's worker threads by its entry's name (`processing-thread`, `filing-thread`):
 * the bundled `<name>.js` beside the built engine (out/main), or from source (tsx, vitest) the TypeScript
 * entry `sourceEntry` (a path relative to src-main) through tsx's loader, registered inside the thread first
 * (Node 20 applies neither the parent's loader hooks nor `--import tsx` in execArgv to a worker's entry).
 * `youngGenerationMb` sizes V8's young generation: a thread that allocates much short-lived data
 * (mapping, JSON, FHIRPath) spends less time in scavenges with room for more of it.
 */
export function spawnThread(name: string, sourceEntry: string, workerData: unknown, youngGenerationMb?: number): Worker {
  const resourceLimits = youngGenerationMb === undefined ? {} : { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } };
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // tsx/esm/api's import build sits beside the require build that createRequire finds.
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = pathToFileURL(join(dirname(dirname(here)), sourceEntry)).href;
    return new Worker(`import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData, ...resourceLimits });
  }
  const built = [dirname(here), dirname(dirname(here))].map((dir) => join(dir, `${name}.js`)).find((file) => existsSync(file));
  if (!built) throw new Error(`${name}.js not found beside ${here}`);
  return new Worker(built, { workerData, ...resourceLimits });
}
