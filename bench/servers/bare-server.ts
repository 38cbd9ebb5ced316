/**
 * Benchmark child, the upper bound: MLLP framing plus the same header read and ACK build as the
 * engine, and nothing stored.
 */
import { serveFrames } from './frame-server';

serveFrames('BARE', () => undefined, async () => undefined);
