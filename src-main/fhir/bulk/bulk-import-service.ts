import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors';
import type { Clock } from '../../core/clock';
import type { GuardedFetch } from '../../fetch/fetch-policy';
import type { Runner } from '../../jobs/runner';
import type { TurnResult } from '../../jobs/turn-schedule';
import type { IdGenerator } from '../../core/ids';
import type { Logger } from '../../core/logger';
import { privateDir, privateTree } from '../../store/private-files';
import type { Transact } from '../../store/transact';
import type { FhirService } from '../store-service';
import { fhirFailure } from '../outcome';
import { assertLinkLive } from './bulk-file-expiry';
import type { BulkImportRepo, ImportInputState, ImportJobRow } from '../../store/bulk-import-repo';
import { IMPORT_BODY_TOO_LARGE, saveBody } from './import-body';
import { importLine, lineErrorOutcome } from './import-line';
import { checkInputs, isHttpUrl, localInputPath, type ImportInput } from './import-parameters';
import { openFile, openUrl } from './import-source';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines';

export const BULK_IMPORT_KIND = 'bulk-import';

export interface BulkImportDeps {
  /** The background runner the service registers its kind with; jobs run once the runner starts. */
  runner: Runner;
  repo: BulkImportRepo;
  fhir: FhirService;
  transact: Transact;
  dataDir: string;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Fetches caller-supplied input URLs under the fetch policy (FetchPolicy.callerFetch). */
  fetch: GuardedFetch;
  /** Lines per transaction (default 500). */
  batchSize?: number;
  /** How long the error file's link stays valid once the job ends (default one hour). */
  linkTtlMs?: number;
  /** Longer lines are reported, not held in memory (default 64 MiB). */
  maxLineBytes?: number;
}

export interface ImportTotals {
  read: number;
  written: number;
  errors: number;
}

export const importTotals = (job: ImportJobRow): ImportTotals =>
  job.inputs.reduce((sum, i) => ({ read: sum.read + i.read, written: sum.written + i.written, errors: sum.errors + i.errors }), { read: 0, written: 0, errors: 0 });

const newInput = (input: ImportInput, body: boolean): ImportInputState => ({ ...input, body, line: 0, bytes: 0, read: 0, written: 0, errors: 0, done: false });

interface ImportRun {
  controller: AbortController;
  batches: AsyncGenerator<void, void>;
  turn?: Promise<void> | undefined;
}

/**
 * Bulk Data $import as durable jobs. Each input is streamed line by line; every batch of lines is written in one
 * transaction together with its error lines' file length and the byte offset reached, so a restarted engine continues
 * from the last committed line — nothing written twice, nothing skipped.
 * The runner's `bulk-import` kind: a turn commits one batch of every job this engine runs, each job a generator
 * that keeps its input stream open between turns. Claim: the job row is 'in-progress'; resume: every such row is
 * taken up again, from its saved offset, when the runner starts.
 */
export function createBulkImportService(deps: BulkImportDeps) {
  const { clock, logger } = deps;
  const { repo } = deps;
  const batchSize = deps.batchSize ?? 500;
  const linkTtlMs = deps.linkTtlMs ?? 60 * 60 * 1000;
  const maxLineBytes = deps.maxLineBytes ?? 64 * 1024 * 1024;
  const importsDir = resolve(deps.dataDir, 'imports');
  const jobsDir = join(deps.dataDir, 'import-jobs');
  /** The jobs this engine runs, each with its batches still to come and the turn that is committing one. */
  const runs = new Map<string, ImportRun>();

  const jobDir = (id: string): string => join(jobsDir, id);
  const errorPath = (id: string): string => join(jobDir(id), 'errors.ndjson');
  const bodyPath = (id: string): string => join(jobDir(id), 'body.ndjson');

  function writeDurably(path: string, from: number, text: string): number {
    const fd = openSync(path, 'a', 0o600);
    try {
      // Bytes past `from` belong to a batch whose transaction never committed: drop them.
      ftruncateSync(fd, from);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return from + Buffer.byteLength(text);
  }

  /** One batch in one transaction: its resources, its error lines and the resume point commit together or not at all. */
  function commit(job: ImportJobRow, index: number, lines: NdjsonLine[], end: { done: boolean; failure?: unknown }): boolean {
    const inputs = structuredClone(job.inputs);
    const input = inputs[index] as ImportInputState;
    const errorBytes = deps.transact(() => {
      if (!repo.isActive(job.id)) return undefined;
      const errors: string[] = [];
      for (const line of lines) {
        input.line += 1;
        input.bytes = line.end;
        if (!line.tooLong && line.text.trim() === '') continue;
        input.read += 1;
        try {
          if (line.tooLong) throw fhirFailure('validation', 'too-costly', `The line is longer than ${maxLineBytes} bytes`);
          importLine(deps.fhir, job.tenantId, input.type, line.text);
          input.written += 1;
        } catch (error) {
          input.errors += 1;
          errors.push(JSON.stringify(lineErrorOutcome(input.url, input.line, error)));
        }
      }
      if (end.failure !== undefined) {
        input.errors += 1;
        errors.push(JSON.stringify(lineErrorOutcome(input.url, 0, end.failure)));
      }
      input.done = end.done;
      const bytes = errors.length > 0 ? writeDurably(errorPath(job.id), job.errorBytes, `${errors.join('\n')}\n`) : job.errorBytes;
      repo.saveProgress(job.id, inputs, bytes, clock.now());
      return bytes;
    });
    if (errorBytes === undefined) return false;
    job.inputs = inputs;
    job.errorBytes = errorBytes;
    return true;
  }

  async function openInput(job: ImportJobRow, input: ImportInputState, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    if (input.body) return openFile(bodyPath(job.id), input.bytes, signal);
    if (isHttpUrl(input.url)) return openUrl(input.url, input.bytes, signal, deps.fetch);
    return openFile(localInputPath(importsDir, input.url), input.bytes, signal);
  }

  /** Streams one input to its end, pausing after each committed batch; false when the job was stopped or cancelled on the way. */
  async function* runInput(job: ImportJobRow, index: number, signal: AbortSignal): AsyncGenerator<void, boolean> {
    const input = job.inputs[index] as ImportInputState;
    let source: AsyncIterable<Uint8Array>;
    try {
      source = await openInput(job, input, signal);
    } catch (error) {
      if (signal.aborted) return false;
      return commit(job, index, [], { done: true, failure: fhirFailure('validation', 'not-found', `The input ${error instanceof Error ? error.message : 'cannot be read'}`) });
    }
    const lines = ndjsonLines(source, input.bytes, maxLineBytes);
    let batch: NdjsonLine[] = [];
    try {
      for (;;) {
        let next: IteratorResult<NdjsonLine>;
        try {
          next = await lines.next();
        } catch {
          if (signal.aborted) return false;
          const reached = (job.inputs[index] as ImportInputState).line + batch.length;
          return commit(job, index, batch, { done: true, failure: fhirFailure('validation', 'exception', `The input could not be read past line ${reached}`) });
        }
        if (next.done) return commit(job, index, batch, { done: true });
        batch.push(next.value);
        if (batch.length < batchSize) continue;
        if (!commit(job, index, batch, { done: false })) return false;
        batch = [];
        yield;
        if (signal.aborted) return false;
      }
    } finally {
      await lines.return(undefined);
    }
  }

  /** One job, a batch per `next()`. */
  async function* run(id: string, signal: AbortSignal): AsyncGenerator<void, void> {
    const job = repo.get(id);
    if (!job || job.status !== 'in-progress') return;
    mkdirSync(jobDir(id), { recursive: true, mode: 0o700 });
    if (existsSync(errorPath(id))) truncateSync(errorPath(id), job.errorBytes);
    for (let index = 0; index < job.inputs.length; index++) {
      if (job.inputs[index]?.done) continue;
      if (!(yield* runInput(job, index, signal))) return;
    }
    const now = clock.now();
    repo.complete(id, now, now + linkTtlMs);
    logger.log('info', 'bulk import complete', { jobId: id, ...importTotals(job) });
  }

  function claim(id: string): void {
    if (runs.has(id)) return;
    const controller = new AbortController();
    runs.set(id, { controller, batches: run(id, controller.signal) });
  }

  async function advance(id: string, job: ImportRun): Promise<void> {
    try {
      if ((await job.batches.next()).done) runs.delete(id);
    } catch (error) {
      runs.delete(id);
      // A stopped job stays in-progress for the next start; a store closed under us is not the job's failure.
      if (job.controller.signal.aborted || !repo.storeOpen()) return;
      const now = clock.now();
      repo.fail(id, error instanceof Error ? error.message : 'import failed', now, now + linkTtlMs);
      logger.log('error', 'bulk import failed', { jobId: id, error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  deps.runner.register({
    kind: BULK_IMPORT_KIND,
    // Jobs arrive by wake; the interval only matters for a job a failed turn left behind.
    intervalMs: 60_000,
    async tick(_now, signal): Promise<TurnResult> {
      const stopAll = (): void => runs.forEach((job) => job.controller.abort());
      signal.addEventListener('abort', stopAll);
      try {
        for (const [id, job] of [...runs]) {
          if (signal.aborted) break;
          job.turn = advance(id, job);
          await job.turn;
          job.turn = undefined;
        }
      } finally {
        signal.removeEventListener('abort', stopAll);
      }
      return runs.size > 0 ? 'more' : 'idle';
    },
    resume() {
      // Saved bodies and error files hold PHI: 0700 folders, 0600 files, even those written by an older version.
      privateTree(jobsDir);
      if (existsSync(importsDir)) privateDir(importsDir);
      for (const id of repo.activeIds()) claim(id);
    },
    async stopped() {
      // Closes the input streams of jobs paused between batches; they stay in-progress for the next start.
      const paused = [...runs.values()];
      runs.clear();
      await Promise.all(paused.map((job) => job.batches.return(undefined)));
    },
  });

  function owned(tenantId: string, id: string): ImportJobRow {
    const job = repo.get(id);
    if (!job || job.tenantId !== tenantId) throw fhirFailure('not_found', 'not-found', `There is no import ${id}`);
    return job;
  }

  function insert(tenantId: string, id: string, inputs: ImportInputState[], requestUrl: string): ImportJobRow {
    repo.insert({ id, tenantId, requestUrl, inputs, createdAt: clock.now() });
    claim(id);
    deps.runner.wake(BULK_IMPORT_KIND);
    return owned(tenantId, id);
  }

  return {
    /** Accepts the inputs (http(s) URLs or files under <data dir>/imports) and starts the job. */
    start(tenantId: string, inputs: ImportInput[], requestUrl: string): ImportJobRow {
      checkInputs(importsDir, inputs);
      return insert(tenantId, deps.ids('BIM'), inputs.map((i) => newInput(i, false)), requestUrl);
    },

    /**
     * Streams an NDJSON request body into the job's folder (at most `limitBytes`: 413 past it, the partial
     * file deleted), then imports it like any input.
     */
    async startBody(tenantId: string, type: string | null, body: Readable, limitBytes: number, requestUrl: string): Promise<ImportJobRow> {
      const id = deps.ids('BIM');
      mkdirSync(jobDir(id), { recursive: true, mode: 0o700 });
      try {
        await saveBody(body, bodyPath(id), limitBytes);
      } catch (error) {
        rmSync(jobDir(id), { recursive: true, force: true });
        if (error instanceof AppError && error.code === IMPORT_BODY_TOO_LARGE) throw fhirFailure('too_large', 'too-costly', `The NDJSON body is larger than ${limitBytes} bytes; put the file in the imports folder of the data dir, or serve it over http(s), and name it in a Parameters body`);
        throw fhirFailure('validation', 'incomplete', 'The NDJSON body could not be read to its end');
      }
      return insert(tenantId, id, [newInput({ type, url: 'body' }, true)], requestUrl);
    },

    status(tenantId: string, id: string): ImportJobRow {
      return owned(tenantId, id);
    },

    /** Stops the job after its current batch and deletes it with its files; resources already written stay. */
    async cancel(tenantId: string, id: string): Promise<void> {
      owned(tenantId, id);
      repo.remove(id);
      const job = runs.get(id);
      runs.delete(id);
      job?.controller.abort();
      await job?.turn;
      await job?.batches.return(undefined);
      rmSync(jobDir(id), { recursive: true, force: true });
    },

    /** The path of a finished job's error NDJSON while its link is valid. */
    errorFile(tenantId: string, id: string): string {
      const job = owned(tenantId, id);
      if (job.status === 'in-progress' || job.errorBytes === 0) throw fhirFailure('not_found', 'not-found', `Import ${id} has no error file`);
      assertLinkLive(job, clock.now(), 'import');
      if (!existsSync(errorPath(id))) throw fhirFailure('not_found', 'not-found', `Import ${id} has no error file`);
      return errorPath(id);
    },

    unpruned: () => repo.unpruned(),

    /** Deletes a finished job's files; the guarded update makes sure it is not running. */
    prune(id: string, now: number): void {
      if (repo.markPruned(id, now)) rmSync(jobDir(id), { recursive: true, force: true });
    },
  };
}
export type BulkImportService = ReturnType<typeof createBulkImportService>;
