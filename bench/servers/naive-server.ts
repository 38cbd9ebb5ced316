/**
 * Benchmark child, the floor for a durable server: every frame is its own transaction (BEGIN, INSERT,
 * COMMIT at synchronous=FULL, so SQLite fsyncs the WAL inside the commit, on the event loop), then
 * its ACK. Nothing is batched: one fsync per message.
 */
import { serveFrames } from './frame-server';
import { openRawStore } from './raw-store';

const store = openRawStore('FULL');
serveFrames('NAIVE', (frame) => store.insert([frame]), async () => store.close());
