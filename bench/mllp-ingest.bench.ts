/**
 * Durable MLLP ingest: messages per second and ACK latency through the engine (store, then ACK) at
 * FULL and NORMAL durability, next to two reference servers that store the raw frames durably before
 * ACKing — one with group commit (the target to approach), one with a transaction and fsync per message
 * (the floor to beat) — a bare MLLP server that stores nothing (the upper bound) and node-hl7-server
 * (the npm peer). Every server runs in its own process; the load comes from this one. Each server gets
 * the 20-OBX ORU^R01 on 1 and 8 connections and the ADT^A01 on 8. Runs are long enough for steady state
 * (a sub-second run mostly measures start-up). After each engine run the bench waits for processing to
 * finish every message (kept out of the next run) and reports its rate — messages processed per second
 * from the first ACK to the last message done — and how long it ran on after the last ACK.
 *
 * Targets (issue 12): engine FULL at 8 connections ≥ 0.8× the group-commit server and ≥ 2× the naive
 * one, measured in the same run. MLLP_BENCH_SCALE (default 1) scales every message count, e.g. 0.05
 * for a quick check that the suite works; MLLP_BENCH_SERVERS (comma-separated, matched against the
 * server names, e.g. `engine FULL,group,naive`) runs only those servers.
 */
import { runLoad, quantile, type LoadPlan, type LoadResult, type Workload } from './mllp-load';
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
const SCALE = scaleFromEnv(process.env.MLLP_BENCH_SCALE);
const WARM_UP = scaled(2_000);
const SCENARIO_BUDGET_MS = 10_000;
const DRAIN_TIMEOUT_MS = 60_000;

const ENGINE_FULL = 'engine FULL';
const GROUP_COMMIT = 'group commit (raw bytes)';
const NAIVE = 'naive (txn per message)';
const BARE = 'bare MLLP (no store)';
const NODE_HL7 = 'node-hl7-server';

const contenders: Contender[] = [
  { name: ENGINE_FULL, file: 'engine-server.ts', args: ['FULL'], sequential: 3_000, concurrent: 20_000 },
  { name: 'engine NORMAL', file: 'engine-server.ts', args: ['NORMAL'], sequential: 3_000, concurrent: 20_000 },
  { name: GROUP_COMMIT, file: 'group-commit-server.ts', sequential: 3_000, concurrent: 20_000 },
  { name: NAIVE, file: 'naive-server.ts', sequential: 3_000, concurrent: 20_000 },
  { name: BARE, file: 'bare-server.ts', sequential: 3_000, concurrent: 20_000 },
  { name: NODE_HL7, file: 'node-hl7-server.ts', connectionPerMessage: true, sequential: 2_000, concurrent: 10_000 },
];

/** The contenders MLLP_BENCH_SERVERS names (all when unset). */
function chosenContenders(filter: string | undefined): Contender[] {
  const wanted = (filter ?? '').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
  return wanted.length === 0 ? contenders : contenders.filter((c) => wanted.some((w) => c.name.toLowerCase().includes(w)));
}

function scaleFromEnv(value: string | undefined): number {
  const scale = Number(value ?? 1);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`MLLP_BENCH_SCALE must be a positive number, not ${value}`);
  return scale;
}

function scaled(messages: number): number {
  return Math.max(LANES, Math.round(messages * SCALE));
}

interface Row {
  server: string;
  load: string;
  workload: Workload;
  result: LoadResult | undefined;
  /** Engine only: processing's pace and how long after the last ACK it had every message done. */
  processing?: { perSecond: number; drainMs: number };
}

/** Waits until the engine has no message pending or in processing: performance.now() then, or NaN on timeout. */
async function drained(apiUrl: string): Promise<number> {
  const started = performance.now();
  const waiting = async (status: string): Promise<number> => {
    const response = await fetch(new URL(`api/v1/hl7-messages?status=${status}&pageSize=1`, apiUrl));
    return ((await response.json()) as { total: number }).total;
  };
  while (performance.now() - started < DRAIN_TIMEOUT_MS) {
    if ((await waiting('pending')) + (await waiting('processing')) === 0) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Number.NaN;
}

/** Every acknowledged message was stored, so processing had that many to do from the first ACK on. */
function processing(result: LoadResult, doneAt: number): Row['processing'] {
  const acked = result.latenciesMs.length;
  return { perSecond: acked > 0 ? (acked / (doneAt - result.firstAckAt)) * 1000 : Number.NaN, drainMs: doneAt - result.lastAckAt };
}

const rate = (r: LoadResult | undefined): number => (r && r.latenciesMs.length > 0 ? (r.latenciesMs.length / r.wallMs) * 1000 : Number.NaN);

async function measure(c: Contender): Promise<Row[]> {
  const perMessage = c.connectionPerMessage ?? false;
  const mode = perMessage ? 'connection per message' : 'persistent';
  const run = (lanes: number, messages: number, workload: Workload, connectionPerMessage = perMessage): [string, Omit<LoadPlan, 'port'>] => [
    `${lanes} conn${lanes === 1 ? '' : 's'}, ${connectionPerMessage === perMessage ? mode : 'persistent (broken)'}`,
    { lanes, messages, workload, connectionPerMessage, budgetMs: SCENARIO_BUDGET_MS },
  ];
  const loads = [run(1, scaled(c.sequential), 'ORU^R01'), run(LANES, scaled(c.concurrent), 'ORU^R01'), run(LANES, scaled(c.concurrent), 'ADT^A01')];
  // The reason for connection-per-message, shown: on one persistent connection the ACKs echo old control ids.
  if (perMessage) loads.push(run(1, 100, 'ORU^R01', false));
  let server;
  try {
    server = await startChildServer(c.file, c.args);
    const apiUrl = server.apiUrl;
    await runLoad({ port: server.port, lanes: LANES, messages: WARM_UP, workload: 'ORU^R01', connectionPerMessage: perMessage, budgetMs: SCENARIO_BUDGET_MS });
    if (apiUrl) await drained(apiUrl);
    const rows: Row[] = [];
    for (const [load, plan] of loads) {
      const result = await runLoad({ ...plan, port: server.port });
      rows.push({ server: c.name, load, workload: plan.workload, result, ...(apiUrl ? { processing: processing(result, await drained(apiUrl)) } : {}) });
    }
    return rows;
  } catch (error) {
    console.error(`${c.name}: ${error instanceof Error ? error.message : String(error)}`);
    return loads.map(([load, plan]) => ({ server: c.name, load, workload: plan.workload, result: undefined }));
  } finally {
    await server?.stop();
  }
}

const num = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'failed');

function printTable(rows: readonly Row[]): void {
  const header = ['server', 'load', 'message', 'acked', 'msg/s', 'p50 ms', 'p99 ms', 'bad ACKs', 'errors', 'processing msg/s', 'processed +ms'];
  const cells = rows.map(({ server, load, workload, result: r, processing: p }) => [
    server,
    load,
    workload,
    r ? num(r.latenciesMs.length) : '-',
    num(rate(r)),
    num(r ? quantile(r.latenciesMs, 0.5) : Number.NaN, 2),
    num(r ? quantile(r.latenciesMs, 0.99) : Number.NaN, 2),
    r ? String(r.badAcks) : '-',
    r ? String(r.errors) : '-',
    p ? num(p.perSecond) : '-',
    p ? num(p.drainMs) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}

function printTargets(rows: readonly Row[]): void {
  const at8 = (server: string, workload: Workload): number =>
    rate(rows.find((r) => r.server === server && r.workload === workload && r.load.startsWith(`${LANES} conns`))?.result);
  const ratio = (engine: number, reference: number, target: number, what: string): string => {
    const x = engine / reference;
    return `${num(x, 2)}× ${what} (target ≥ ${target}×: ${Number.isFinite(x) && x >= target ? 'met' : 'not met'})`;
  };
  console.log('');
  for (const workload of ['ORU^R01', 'ADT^A01'] as const) {
    const full = at8(ENGINE_FULL, workload);
    console.log(`${ENGINE_FULL} @${LANES} conns, ${workload}: ${ratio(full, at8(GROUP_COMMIT, workload), 0.8, 'group commit')}, ${ratio(full, at8(NAIVE, workload), 2, 'naive')}`);
    console.log(`  context: ${num((full / at8(BARE, workload)) * 100)}% of bare, ${num(full / at8(NODE_HL7, workload), 2)}× node-hl7-server`);
  }
  console.log('processing msg/s: messages processed per second from the first ACK until every message of the run was done');
  console.log('processed +ms: after the last ACK, how long until processing had every message done');
}

export async function runMllpIngestBench(): Promise<void> {
  if (SCALE !== 1) console.log(`MLLP_BENCH_SCALE=${SCALE}: message counts scaled\n`);
  const rows: Row[] = [];
  for (const c of chosenContenders(process.env.MLLP_BENCH_SERVERS)) rows.push(...(await measure(c)));
  printTable(rows);
  printTargets(rows);
}
