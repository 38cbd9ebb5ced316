/**
 * Benchmark child, the reference for durable intake: raw frames stored with group commit, each ACK
 * sent only once its frame is on disk. One group is in flight at a time — commit, then fdatasync of
 * the WAL on libuv's thread pool — and every frame that arrives meanwhile waits for the next group, so
 * one fsync covers as many frames as the senders keep outstanding. The commit itself runs at
 * synchronous=NORMAL (no fsync inside it); the fdatasync before the ACKs gives synchronous=FULL's
 * guarantee without blocking the event loop, which is how the engine makes FULL durable (store/wal-sync.ts).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { serveFrames, type Frame } from './frame-server';
import { openRawStore } from './raw-store';

interface Waiting {
  frame: Frame;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const store = openRawStore('NORMAL');
let wal: FileHandle | undefined;
let waiting: Waiting[] = [];
let inFlight: Promise<void> | undefined;

async function commitGroups(): Promise<void> {
  while (waiting.length > 0) {
    const group = waiting;
    waiting = [];
    try {
      store.insert(group.map((w) => w.frame));
      // The WAL exists once the first commit wrote it; SQLite reuses the same file after checkpoints.
      wal ??= await open(`${store.file}-wal`, 'r+');
      await wal.datasync();
      for (const w of group) w.resolve();
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
  inFlight = undefined;
}

function accept(frame: Frame): Promise<void> {
  return new Promise((resolve, reject) => {
    waiting.push({ frame, resolve, reject });
    // Deferred to the end of this I/O turn, so every frame read in it joins the first group.
    inFlight ??= new Promise<void>((start) => setImmediate(start)).then(commitGroups);
  });
}

serveFrames('GROUP', accept, async () => {
  await inFlight;
  await wal?.close();
  store.close();
});
