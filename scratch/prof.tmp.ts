import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap } from '../src-main/bootstrap';
import { activeMllpConnector } from '../test/support/mllp-connector';
import { runLoad } from '../bench/mllp-load';

const N = Number(process.env.N ?? 600);
const dataDir = mkdtempSync(path.join(tmpdir(), 'interop-prof-'));
const engine = await bootstrap({ dataDir, durability: 'FULL', http: { host: '127.0.0.1', port: 0 } });
await engine.warm;
const { port } = await activeMllpConnector(engine, { durability: 'FULL', ackMode: 'after-store' });
const workload = (process.env.W ?? 'ORU^R01') as 'ORU^R01';
const t0 = performance.now();
const r = await runLoad({ port, workload, lanes: 8, messages: N, connectionPerMessage: false, budgetMs: 60000 });
const t1 = performance.now();
console.log('ingest', r.sent, 'msgs in', Math.round(t1 - t0), 'ms', Math.round(r.sent / ((t1 - t0) / 1000)), 'msg/s');
for (;;) {
  const w = async (st: string) => ((await (await fetch(new URL(`api/v1/hl7-messages?status=${st}&pageSize=1`, engine.url))).json()) as any).total;
  const a = await w("pending"), b = await w("processing"), c = await w("processed"), d = await w("failed"); console.log(a, b, c, d); if (a + b === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
const t2 = performance.now();
console.log('processed all in', Math.round(t2 - t0), 'ms →', Math.round(N / ((t2 - t0) / 1000)), 'msg/s');
await engine.stop();
