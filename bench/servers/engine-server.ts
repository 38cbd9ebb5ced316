/**
 * Benchmark child: the engine on a fresh temp data dir, no HTTP, one active inbound MLLP connector
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
const engine = await bootstrap({ dataDir, durability });
const { port } = await activeMllpConnector(engine, { durability, ackMode: 'after-store' });
serveUntilStopped(port, () => engine.stop().finally(() => rmSync(dataDir, { recursive: true, force: true })));
