/**
 * The processing thread's entry (a worker_thread; its own entry in the electron-vite build). It opens
 * its own SQLite connection and builds its own FHIR gateway and mapping step with the engine thread's
 * composition, runs the `hl7-processing` kind on a runner of its own, and tells the engine thread what
 * settled; the engine thread keeps intake, ACKs and change events (processing-thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { yieldCpuToIntake } from './thread-priority';
import { composeMapping } from '../compose-mapping';
import { ChangeFeed } from '../core/change-events';
import { systemClock } from '../core/clock';
import { createIdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import { createFetchPolicy } from '../fetch/fetch-policy';
import { ensureFhirDefinitions } from '../fhir/definitions/r4-definitions';
import { bindingValueSets } from '../fhir/terminology/binding-value-sets';
import { createRunner } from '../jobs/runner';
import { createHl7ProcessingRepo } from '../store/hl7-processing-repo';
import { openStore } from '../store/open-store';
import { createProcessingWorker } from './processing-worker';
import { createWriteGate } from './processing-write-gate';
import { messageSlot, type FromProcessingThread, type ProcessingThreadData, type ToProcessingThread } from './processing-thread-protocol';

const port = parentPort;
if (!port) throw new Error('processing-thread-main runs only as a worker thread');
yieldCpuToIntake();
const data = workerData as ProcessingThreadData;
const post = (message: FromProcessingThread): void => port.postMessage(message);
const logger: Logger = { log: (level, message, fields) => post({ type: 'log', level, message, fields }) };

const store = openStore({ file: data.databaseFile, durability: data.durability, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
const clock = systemClock;
const ids = createIdGenerator(() => clock.now());
// Processing commits locally and calls no other server, so this gateway's fetch policy needs no own ports.
const fetchPolicy = createFetchPolicy({ allow: data.fetchAllow, ownPorts: () => [], boundHost: data.boundHost });
const { mapping, turn, outbound } = await composeMapping({ store, ids, clock, logger, changes: new ChangeFeed(), fetchPolicy, converterModule: data.converterModule });
const runner = createRunner({ clock, logger });
// Mapping validates every resource against the FHIR definitions: this thread loads its own copy as it starts,
// all at once (no event loop here has anything else to answer), and processes nothing before.
let loaded = false;
const processing = createProcessingWorker({
  runner,
  repo: createHl7ProcessingRepo(store.sqlite, ids, data.durability),
  mapping,
  outbound,
  policy: data.retryPolicy,
  clock,
  logger,
  batchBudgetMs: data.batchBudgetMs,
  ready: () => loaded,
  onMessage: (messageId) => messageSlot.write(data.current, messageId),
  onSettled: (settled, tally) => post({ type: 'settled', settled, tally }),
  onChange: () => undefined,
  writeGate: createWriteGate(data.writeGate),
  turnScope: turn.within,
});

function loadDefinitions(): void {
  if (loaded) return;
  const started = performance.now();
  try {
    ensureFhirDefinitions();
    bindingValueSets();
    logger.log('info', 'processing thread: FHIR definitions loaded', { ms: Math.round(performance.now() - started) });
  } catch (error) {
    // Mapping then loads what it needs on the spot, as the engine thread's FHIR requests do.
    logger.log('warn', 'processing thread: FHIR definitions load failed', { error: error instanceof Error ? error.name : typeof error });
  }
  loaded = true;
  post({ type: 'ready' });
  processing.notify();
}

// The thread starts with the engine, so the load runs while the engine finishes starting; batches begin at `start`.
setImmediate(loadDefinitions);

port.on('message', (message: ToProcessingThread) => {
  if (message.type === 'start') {
    runner.start();
    return;
  }
  if (message.type === 'wake') {
    processing.notify();
    return;
  }
  void runner
    .stop()
    .finally(() => store.close())
    .finally(() => {
      post({ type: 'stopped' });
      port.close();
    });
});
