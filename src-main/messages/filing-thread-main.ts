/**
 * The filing thread's entry (a worker_thread; its own entry in the electron-vite build): moves what intake
 * journaled into hl7_messages on its own SQLite connections, apart from both the event loop that ACKs and
 * the processing thread (whose FHIR definitions load and mapping never hold it up).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../core/clock';
import { createIdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import { createRunner } from '../jobs/runner';
import { createIntakeFilingRepo } from '../store/intake-filing-repo';
import { openIntakeJournal } from '../store/intake-journal';
import { openStore } from '../store/open-store';
import type { FilingThreadData, FromFilingThread, ToFilingThread } from './filing-thread-protocol';
import { createIntakeFiling } from './intake-filing';
import { createWriteGate } from './processing-write-gate';

const port = parentPort;
if (!port) throw new Error('filing-thread-main runs only as a worker thread');
const data = workerData as FilingThreadData;
const post = (message: FromFilingThread): void => port.postMessage(message);
const logger: Logger = { log: (level, message, fields) => post({ type: 'log', level, message, fields }) };

const store = openStore({ file: data.databaseFile, durability: data.durability, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
const journal = openIntakeJournal(data.journalFile, { nativeBinding: data.nativeBinding, checkpointedBy: 'filing' });
const doorbell = new Int32Array(data.doorbell);
const journalGate = createWriteGate(data.journalGate);
const runner = createRunner({ clock: systemClock, logger });
const filing = createIntakeFiling({
  runner,
  repo: createIntakeFilingRepo(journal, store.sqlite, createIdGenerator(() => systemClock.now()), data.durability, { main: (write) => write(), journal: (write) => journalGate.processing(write) }),
  logger,
  onFiled: () => post({ type: 'filed' }),
  // Rung again from here on: what intake commits after this batch read the journal needs another one.
  onTurn: () => Atomics.store(doorbell, 0, 0),
});

port.on('message', (message: ToFilingThread) => {
  if (message.type === 'start') runner.start();
  else if (message.type === 'wake') filing.wake();
  else
    void runner
      .stop()
      .finally(() => store.close())
      .finally(() => journal.close())
      .finally(() => {
        post({ type: 'stopped' });
        port.close();
      });
});
