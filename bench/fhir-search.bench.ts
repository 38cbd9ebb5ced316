/**
 * FHIR store: create throughput (single POSTs and transaction Bundles) and search latency p50/p95
 * over a loaded store (target 10,000 Patients + 90,000 Observations), for the engine in this process
 * over HTTP into SQLite, next to Medplum's FhirRouter + MemoryRepository in the same process (the
 * peer). Both get the same resources and the same queries in the same order. The comparison is not
 * like for like: the peer skips HTTP and JSON on the wire and keeps everything in memory with no
 * durability, while the engine commits every request to SQLite.
 */
import type { Resource } from '@medplum/fhirtypes';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap } from '../src-main/bootstrap';
import { runFhirWorkload, type FhirRun, type FhirTarget, type QueryTiming } from './fhir-run';
import { BUNDLE_SIZE, fhirWorkload, LOAD_BUDGET_MS, OBSERVATIONS, PATIENTS, QUERY_BUDGET_MS, QUERY_RUNS, SINGLE_CREATES, type FhirWorkload } from './fhir-workload';
import { quantile } from './mllp-load';
import { MEDPLUM_PEER, medplumTarget } from './peers/medplum-fhir-router';

const FHIR_JSON = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' };

async function fetchJson(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, { headers: FHIR_JSON, ...init });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

function httpTarget(base: string): FhirTarget {
  const post = (url: string, body: unknown): Promise<unknown> => fetchJson(url, { method: 'POST', body: JSON.stringify(body) });
  return {
    async create(resource: Resource) {
      await post(`${base}/${resource.resourceType}`, resource);
    },
    async transact(type, resources) {
      const bundle = { resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: type } })) };
      const reply = (await post(base, bundle)) as { entry?: { response?: { location?: string } }[] };
      return (reply.entry ?? []).map((e) => e.response?.location?.split('/')[1] ?? '');
    },
    async total(path) {
      return ((await fetchJson(`${base}/${path}`)) as { total?: number }).total ?? Number.NaN;
    },
  };
}

async function runEngine(workload: FhirWorkload): Promise<FhirRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'interop-fhir-bench-'));
  const engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 }, durability: 'NORMAL' });
  try {
    return await runFhirWorkload(httpTarget(`${engine.url}fhir/R4`), workload);
  } finally {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const num = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'failed');
const rate = (count: number, ms: number): string => `${num((count / ms) * 1000)} res/s`;
const latency = (q: QueryTiming): string => `p50 ${num(quantile(q.latenciesMs, 0.5), 2)} / p95 ${num(quantile(q.latenciesMs, 0.95), 2)} ms`;
const seconds = (ms: number): string => `${num(ms / 1000, 2)} s`;
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function storedDetail(run: FhirRun): string {
  const cut = run.bundled.resources < PATIENTS + OBSERVATIONS;
  return `${num(run.stored.patients)} Patient + ${num(run.stored.observations)} Observation${cut ? ` (load budget ${LOAD_BUDGET_MS / 1000} s hit)` : ''}`;
}

function runsDetail(q: QueryTiming): string {
  const runs = q.latenciesMs.length;
  return `${runs} run${runs === 1 ? '' : 's'}${runs < QUERY_RUNS ? ` (${QUERY_BUDGET_MS / 1000} s budget)` : ''}, mean total ${num(mean(q.totals), 1)}`;
}

/** Runs that both stores completed whose totals differ (run i is the same query for both). */
function mismatches(ours: QueryTiming, peer: QueryTiming): string {
  const compared = Math.min(ours.totals.length, peer.totals.length);
  const differ = ours.totals.slice(0, compared).filter((total, i) => total !== peer.totals[i]).length;
  return `totals differ in ${differ} of ${compared}`;
}

export async function runFhirSearchBench(): Promise<void> {
  const workload = fhirWorkload();
  const ours = await runEngine(workload);
  const peer = await runFhirWorkload(medplumTarget(), workload);

  const rows: string[][] = [
    ['create: single POST (sequential)', rate(SINGLE_CREATES, ours.singleCreateMs), `${num(SINGLE_CREATES)} in ${seconds(ours.singleCreateMs)}`, rate(SINGLE_CREATES, peer.singleCreateMs), `${num(SINGLE_CREATES)} in ${seconds(peer.singleCreateMs)}`],
    [`create: transaction Bundles of ${num(BUNDLE_SIZE)}`, rate(ours.bundled.resources, ours.bundled.ms), `${num(ours.bundled.resources)} in ${seconds(ours.bundled.ms)}`, rate(peer.bundled.resources, peer.bundled.ms), `${num(peer.bundled.resources)} in ${seconds(peer.bundled.ms)}, no rollback in MemoryRepository`],
    ['stored resources', num(ours.stored.patients + ours.stored.observations), storedDetail(ours), num(peer.stored.patients + peer.stored.observations), storedDetail(peer)],
    ...workload.queries.map((query, i) => {
      const [o, p] = [ours.queries[i]!, peer.queries[i]!];
      return [`search: ${query.label}`, latency(o), runsDetail(o), latency(p), `${runsDetail(p)}, ${mismatches(o, p)}`];
    }),
  ];

  const header = ['metric', 'engine (HTTP, SQLite NORMAL)', 'detail', `peer: ${MEDPLUM_PEER}`, 'peer detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
