/**
 * The backup thread's entry (a worker_thread; its own entry in the electron-vite build): one online backup
 * of the intake journal and then of the main database into a folder, off the event loop that ACKs.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { backupDatabase } from '../store/store-backup';
import type { BackupThreadData, FromBackupThread } from './backup-thread-protocol';

const port = parentPort;
if (!port) throw new Error('backup-thread-main runs only as a worker thread');
const data = workerData as BackupThreadData;
const post = (message: FromBackupThread): void => port.postMessage(message);

// The journal first: a message ACKed before the backup started is then either in the journal's copy or
// was filed (committed to interop.db) before its journal row was deleted, so before the main file's copy.
void (async () => {
  try {
    for (const file of data.files) await backupDatabase(join(data.dataDir, file), join(data.destination, file), data.nativeBinding);
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', error: (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'unknown') });
  }
})();
