/**
 * Durable MLLP ingest: messages per second and ACK latency through the engine (store, then ACK) at
 * FULL and NORMAL durability, next to a bare MLLP server that ACKs without storing (the upper bound)
 * and node-hl7-server (the peer). Every server runs in its own process; the load comes from this one.
 * Runs are long enough for steady state (a sub-second run mostly measures start-up), and after each
 * engine run the bench waits for processing to catch up — reported, and kept out of the next run.
 */
import { runLoad, quantile, type LoadPlan, type LoadResult } from './mllp-load';
import { startChildServer } from './servers/child-server';

interface Contender {
  readonly name: string;
  readonly file: string;
  readonly args?: readonly string[];
  /** node-hl7-server 2.5 never clears its receive buffer, so a persistent connection re-handles old messages. */
  readonly connectionPerMessage?: boolean;
  /** Message counts: 1 sequential connection, then 8 concurrent ones. */
  readonly sequential: number;
  readonly concurrent: number;
}

const LANES = 8;
const WARM_UP = 2_000;
const SCENARIO_BUDGET_MS = 10_000;
const DRAIN_TIMEOUT_MS = 60_000;

const contenders: Contender[] = [
  { name: 'engine FULL', file: 'engine-server.ts', args: ['FULL'], sequential: 3_000, concurrent: 20_000 },
  { name: 'engine NORMAL', file: 'engine-server.ts', args: ['NORMAL'], sequential: 3_000, concurrent: 20_000 },
  { name: 'bare MLLP (no store)', file: 'bare-server.ts', sequential: 3_000, concurrent: 20_000 },
  { name: 'node-hl7-server', file: 'node-hl7-server.ts', connectionPerMessage: true, sequential: 2_000, concurrent: 10_000 },
];

interface Row {
  server: string;
  load: string;
  result: LoadResult | undefined;
  /** Engine only: how long after the last ACK processing had every message done. */
  drainMs?: number;
}

/** Waits until the engine has no message pending or in processing; the time it took, or NaN on timeout. */
async function drained(apiUrl: string): Promise<number> {
  const started = performance.now();
  const waiting = async (status: string): Promise<number> => {
    const response = await fetch(new URL(`api/v1/hl7-messages?status=${status}&pageSize=1`, apiUrl));
    return ((await response.json()) as { total: number }).total;
  };
  while (performance.now() - started < DRAIN_TIMEOUT_MS) {
    if ((await waiting('pending')) + (await waiting('processing')) === 0) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Number.NaN;
}

const rate = (r: LoadResult | undefined): number => (r && r.latenciesMs.length > 0 ? (r.latenciesMs.length / r.wallMs) * 1000 : Number.NaN);

async function measure(c: Contender): Promise<Row[]> {
  const perMessage = c.connectionPerMessage ?? false;
  const mode = perMessage ? 'connection per message' : 'persistent';
  const loads: Array<[label: string, plan: Omit<LoadPlan, 'port'>]> = [
    [`1 conn, ${mode}`, { lanes: 1, messages: c.sequential, connectionPerMessage: perMessage, budgetMs: SCENARIO_BUDGET_MS }],
    [`${LANES} conns, ${mode}`, { lanes: LANES, messages: c.concurrent, connectionPerMessage: perMessage, budgetMs: SCENARIO_BUDGET_MS }],
  ];
  if (perMessage) {
    // The reason for connection-per-message, shown: on one persistent connection the ACKs echo old control ids.
    loads.push(['1 conn, persistent (broken)', { lanes: 1, messages: 100, connectionPerMessage: false, budgetMs: 2_000 }]);
  }
  let server;
  try {
    server = await startChildServer(c.file, c.args);
    const apiUrl = server.apiUrl;
    await runLoad({ port: server.port, lanes: LANES, messages: WARM_UP, connectionPerMessage: perMessage, budgetMs: SCENARIO_BUDGET_MS });
    if (apiUrl) await drained(apiUrl);
    const rows: Row[] = [];
    for (const [load, plan] of loads) {
      const result = await runLoad({ ...plan, port: server.port });
      rows.push({ server: c.name, load, result, ...(apiUrl ? { drainMs: await drained(apiUrl) } : {}) });
    }
    return rows;
  } catch (error) {
    console.error(`${c.name}: ${error instanceof Error ? error.message : String(error)}`);
    return loads.map(([load]) => ({ server: c.name, load, result: undefined }));
  } finally {
    await server?.stop();
  }
}

const num = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'failed');

export async function runMllpIngestBench(): Promise<void> {
  const rows: Row[] = [];
  for (const c of contenders) rows.push(...(await measure(c)));

  const header = ['server', 'load', 'acked', 'msg/s', 'p50 ms', 'p99 ms', 'bad ACKs', 'errors', 'processed +ms'];
  const cells = rows.map(({ server, load, result: r, drainMs }) => [
    server,
    load,
    r ? num(r.latenciesMs.length) : '-',
    num(rate(r)),
    num(r ? quantile(r.latenciesMs, 0.5) : Number.NaN, 2),
    num(r ? quantile(r.latenciesMs, 0.99) : Number.NaN, 2),
    r ? String(r.badAcks) : '-',
    r ? String(r.errors) : '-',
    drainMs === undefined ? '-' : num(drainMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));

  const at8 = (server: string): number => rate(rows.find((r) => r.server === server && r.load.startsWith(`${LANES} conns`))?.result);
  const full = at8('engine FULL');
  console.log('');
  console.log(`engine FULL @${LANES} = ${num((full / at8('bare MLLP (no store)')) * 100)}% of bare (target ≥ 50%)`);
  console.log(`engine FULL @${LANES} vs node-hl7-server: ${num(full / at8('node-hl7-server'), 2)}× (target > 1×)`);
  console.log('processed +ms: after the last ACK, how long until processing had every message done');
}
