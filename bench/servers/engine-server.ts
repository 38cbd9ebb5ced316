/**
 * Benchmark child: the engine on a fresh temp data dir, its API on a loopback port, one active inbound MLLP connector
 * (ACK after store) at the durability named by argv[2], FULL or NORMAL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap } from '../../src-main/bootstrap';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { serveUntilStopped } from './lifecycle';

const durability = process.argv[2] === 'NORMAL' ? 'NORMAL' : 'FULL';
const dataDir = mkdtempSync(path.join(tmpdir(), 'interop-bench-'));
// HTTP on loopback so the bench can ask how many messages still wait for processing.
const engine = await bootstrap({ dataDir, durability, http: { host: '127.0.0.1', port: 0 } });
const { port } = await activeMllpConnector(engine, { durability, ackMode: 'after-store' });
serveUntilStopped(port, () => engine.stop().finally(() => rmSync(dataDir, { recursive: true, force: true })), engine.url);
