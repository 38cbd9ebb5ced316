/**
 * The message log at scale: fills an engine's store with MESSAGE_LOG_BENCH_SIZE messages (default
 * 1,000,000; see message-log-fill.ts — through the store, not over MLLP), starts the engine on that
 * data dir and times `GET /api/v1/hl7-messages` over real HTTP for every filter the Messages page
 * offers, alone and combined: the first page of 50, page 10 by `page=10`, and page 10 reached by
 * following `nextCursor`. Reports p50/p95 per filter. MESSAGE_LOG_BENCH_DIR keeps the filled data
 * dir for the next run (filled only when empty), so a run after an upgrade also times its migrations.
 * MESSAGE_LOG_BENCH_RETENTION=1 times them again while the `retention` job prunes (issue 15).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootstrap, DATABASE_FILE, type Engine } from '../src-main/bootstrap';
import { DEFAULT_TENANT_ID } from '../src-main/store/open-store';
import type { StoreOverview } from '../src-shared';
import { CONNECTOR_SHARES, controlIdOf, FAMILY_NAMES, MESSAGE_TYPES, mrnOf, PATIENTS, seededRandom, SPAN_MS } from './message-log-corpus';
import { fillMessageLog } from './message-log-fill';
import { quantile } from './mllp-load';

const SIZE = Number(process.env.MESSAGE_LOG_BENCH_SIZE ?? 1_000_000);
const KEPT_DIR = process.env.MESSAGE_LOG_BENCH_DIR;
/** MESSAGE_LOG_BENCH_RETENTION=1 times every filter a second time while the retention job prunes the store. */
const WITH_RETENTION = process.env.MESSAGE_LOG_BENCH_RETENTION === '1';
const PAGE_SIZE = 50;
const DEEP_PAGE = 10;
const WARM_UPS = 2;
const RUNS = 20;
/** A scenario stops early (after at least one timed run) once it has taken this long. */
const SCENARIO_BUDGET_MS = 8_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface ListAnswer {
  data: { receivedAt: string }[];
  total: number;
  totalAtLeast?: boolean;
  nextCursor?: string | null;
}

interface Scenario {
  label: string;
  /** Query parameters for run `i` (values vary by run so caches do not answer for the store). */
  params: (i: number) => Record<string, string>;
}

async function createConnectors(engine: Engine): Promise<string[]> {
  const ctx = { tenantId: DEFAULT_TENANT_ID, actor: 'bench' };
  const listed = await engine.dispatcher.dispatch('connectors.list', { pageSize: 100 }, ctx);
  if (!listed.ok) throw new Error(JSON.stringify(listed.error));
  const existing = (listed.value as { data: { id: string; name: string }[] }).data.filter((c) => c.name.startsWith('Bench feed ')).sort((a, b) => a.name.localeCompare(b.name));
  if (existing.length === CONNECTOR_SHARES.length) return existing.map((c) => c.id);
  const ids: string[] = [];
  for (let i = 0; i < CONNECTOR_SHARES.length; i++) {
    const created = await engine.dispatcher.dispatch('connectors.create', { name: `Bench feed ${i}`, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port: 30_000 + i }, ctx);
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    ids.push((created.value as { id: string }).id);
  }
  return ids;
}

async function list(base: string, params: Record<string, string>): Promise<ListAnswer> {
  const response = await fetch(`${base}api/v1/hl7-messages?${new URLSearchParams(params).toString()}`);
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body as ListAnswer;
}

function scenarios(connectors: readonly string[], endAt: number, size: number): Scenario[] {
  const random = seededRandom(7);
  const anyOf = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const conn = (i: number): string => connectors[i % connectors.length]!;
  const type = (i: number): string => MESSAGE_TYPES[i % MESSAGE_TYPES.length]![0];
  const windowAt = (width: number): Record<string, string> => {
    const from = endAt - width - Math.floor(random() * (SPAN_MS - width));
    return { from: new Date(from).toISOString(), to: new Date(from + width).toISOString() };
  };
  return [
    { label: 'no filter', params: () => ({}) },
    { label: 'connectorId', params: (i) => ({ connectorId: conn(i) }) },
    { label: 'messageType (exact)', params: (i) => ({ messageType: type(i) }) },
    { label: 'messageType=ADT (prefix)', params: () => ({ messageType: 'ADT' }) },
    { label: 'status=processed', params: () => ({ status: 'processed' }) },
    { label: 'status=failed', params: () => ({ status: 'failed' }) },
    { label: 'status=dead_lettered (no match)', params: () => ({ status: 'dead_lettered' }) },
    { label: 'q control id', params: () => ({ q: controlIdOf(Math.floor(random() * size)) }) },
    { label: 'q patient name', params: () => ({ q: anyOf(FAMILY_NAMES) }) },
    { label: 'q MRN', params: () => ({ q: mrnOf(Math.floor(random() * PATIENTS)) }) },
    { label: 'from/to one minute', params: () => windowAt(MINUTE_MS) },
    { label: 'from/to one day', params: () => windowAt(DAY_MS) },
    { label: 'connector + type', params: (i) => ({ connectorId: conn(i), messageType: type(i) }) },
    { label: 'connector + status=failed', params: (i) => ({ connectorId: conn(i), status: 'failed' }) },
    { label: 'type + status=failed', params: (i) => ({ messageType: type(i), status: 'failed' }) },
    { label: 'connector + type + processed', params: (i) => ({ connectorId: conn(i), messageType: type(i), status: 'processed' }) },
    { label: 'connector + dead_lettered (no match)', params: (i) => ({ connectorId: conn(i), status: 'dead_lettered' }) },
    { label: 'q name + type', params: (i) => ({ q: anyOf(FAMILY_NAMES), messageType: type(i) }) },
    { label: 'q name + status=failed', params: () => ({ q: anyOf(FAMILY_NAMES), status: 'failed' }) },
    { label: 'q name + connector + one day', params: (i) => ({ q: anyOf(FAMILY_NAMES), connectorId: conn(i), ...windowAt(DAY_MS) }) },
  ];
}

type Mode = 'first page' | `page=${number}` | `cursor to page ${number}`;
const MODES: readonly Mode[] = ['first page', `page=${DEEP_PAGE}`, `cursor to page ${DEEP_PAGE}`];

/** Times one request for `mode`; a cursor walk times only its last request. NaN when the API has no cursor. */
async function timeOnce(base: string, params: Record<string, string>, mode: Mode): Promise<{ ms: number; answer: ListAnswer | undefined }> {
  const first = { ...params, pageSize: String(PAGE_SIZE) };
  if (mode === 'first page' || mode.startsWith('page=')) {
    const query = mode === 'first page' ? first : { ...first, page: String(DEEP_PAGE) };
    const t = performance.now();
    const answer = await list(base, query);
    return { ms: performance.now() - t, answer };
  }
  let cursor: string | null | undefined;
  for (let page = 1; page < DEEP_PAGE; page++) {
    const answer = await list(base, cursor ? { ...first, cursor } : first);
    cursor = answer.nextCursor;
    if (cursor === undefined) return { ms: Number.NaN, answer: undefined };
    if (cursor === null) break;
  }
  if (!cursor) return { ms: Number.NaN, answer: undefined };
  const t = performance.now();
  const answer = await list(base, { ...first, cursor });
  return { ms: performance.now() - t, answer };
}

interface Timing {
  latencies: number[];
  totals: string[];
}

async function timeScenario(base: string, scenario: Scenario, mode: Mode): Promise<Timing> {
  const timing: Timing = { latencies: [], totals: [] };
  const started = performance.now();
  for (let i = 0; i < WARM_UPS + RUNS; i++) {
    if (timing.latencies.length > 0 && performance.now() - started > SCENARIO_BUDGET_MS) break;
    const { ms, answer } = await timeOnce(base, scenario.params(i), mode);
    if (Number.isNaN(ms)) return timing;
    if (i < WARM_UPS) continue;
    timing.latencies.push(ms);
    if (answer) timing.totals.push(`${answer.total.toLocaleString('en-US')}${answer.totalAtLeast ? '+' : ''}`);
  }
  return timing;
}

const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—');

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
}

async function timeAll(base: string, list: Scenario[]): Promise<void> {
  const rows: string[][] = [['filter', ...MODES.flatMap((m) => [`${m} p50 ms`, 'p95 ms']), 'total']];
  for (const scenario of list) {
    const cells: string[] = [scenario.label];
    let total = '';
    for (const mode of MODES) {
      const timing = await timeScenario(base, scenario, mode);
      cells.push(ms(quantile(timing.latencies, 0.5)), ms(quantile(timing.latencies, 0.95)));
      total ||= timing.totals.at(-1) ?? '';
    }
    rows.push([...cells, total]);
  }
  printTable(rows);
}

/** Runs the `retention` job back to back, each time with the store-wide limit 1% lower, until stopped. */
function pruneConcurrently(engine: Engine): { stop: () => Promise<{ runs: number; deleted: number }> } {
  const ctx = { tenantId: DEFAULT_TENANT_ID, actor: 'bench' };
  const call = async <T>(op: string, input: Record<string, unknown>): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  let stopping = false;
  let runs = 0;
  let deleted = 0;
  const loop = (async () => {
    while (!stopping) {
      const store = await call<StoreOverview>('store.overview', {});
      const inUse = store.databaseBytes - store.freePagesBytes;
      await call('store.updateSettings', { version: store.settings.version, maxStoreBytes: Math.floor(inUse * 0.99) });
      const jobId = (await call<StoreOverview>('store.overview', {})).retention.jobId;
      if (!jobId) throw new Error('no retention job');
      const run = await call<{ id: string }>('integrationJobs.run', { id: jobId });
      for (;;) {
        const state = await call<{ status: string; counts: { written: number } }>('integrationRuns.get', { id: run.id });
        if (!['queued', 'running'].includes(state.status)) {
          runs += 1;
          deleted += state.counts.written;
          break;
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
      return { runs, deleted };
    },
  };
}

export async function runMessageLogBench(): Promise<void> {
  const dataDir = KEPT_DIR ?? mkdtempSync(path.join(tmpdir(), 'interop-log-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(path.join(dataDir, DATABASE_FILE));
  try {
    const opened = performance.now();
    const setup = await bootstrap({ dataDir, durability: 'NORMAL' });
    if (!fresh) console.log(`Engine opened the kept data dir in ${((performance.now() - opened) / 1000).toFixed(1)} s (includes any pending migrations).`);
    const connectors = await createConnectors(setup);
    await setup.stop();
    if (fresh) {
      console.log(`Filling ${SIZE.toLocaleString('en-US')} messages through the store's intake and processing repositories (not over MLLP: that many over MLLP is too slow for a bench)…`);
      const t = performance.now();
      let done = 0;
      let reported = 0;
      fillMessageLog(dataDir, connectors, SIZE, Date.now(), (n) => {
        done += n;
        if (done - reported >= 100_000) {
          reported = done;
          console.log(`  ${done.toLocaleString('en-US')} stored and processed (${((performance.now() - t) / 1000).toFixed(0)} s)`);
        }
      });
      console.log(`Filled in ${((performance.now() - t) / 1000).toFixed(0)} s.`);
    } else {
      console.log(`Reusing the messages in ${dataDir}.`);
    }

    const engine = await bootstrap({ dataDir, durability: 'NORMAL', http: { host: '127.0.0.1', port: 0 } });
    try {
      const base = engine.url!;
      const newest = await list(base, { pageSize: '1' });
      const endAt = Date.parse(newest.data[0]!.receivedAt);
      console.log(`Timing GET /api/v1/hl7-messages over HTTP, pageSize ${PAGE_SIZE}, ${RUNS} runs after ${WARM_UPS} warm-ups (fewer when a filter takes over ${SCENARIO_BUDGET_MS / 1000} s); total shown for the last run (+ = capped).\n`);
      await timeAll(base, scenarios(connectors, endAt, SIZE));
      if (WITH_RETENTION) {
        console.log(`\nAgain while the retention job prunes (store-wide size rule lowered 1% per run, runs back to back):\n`);
        const pruning = pruneConcurrently(engine);
        try {
          await timeAll(base, scenarios(connectors, endAt, SIZE));
        } finally {
          const { runs, deleted } = await pruning.stop();
          console.log(`\nRetention meanwhile: ${runs} runs, ${deleted.toLocaleString('en-US')} messages deleted.`);
        }
      }
      console.log(`\n${SIZE.toLocaleString('en-US')} messages filled; the log's total with no filter: ${newest.total.toLocaleString('en-US')}${newest.totalAtLeast ? '+' : ''}.`);
    } finally {
      await engine.stop();
    }
  } finally {
    if (!KEPT_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}
