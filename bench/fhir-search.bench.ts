/**
 * FHIR store: create throughput (single POSTs and transaction Bundles) and search latency p50/p95
 * over a loaded store (target 10,000 Patients + 90,000 Observations), against the engine in this
 * process over HTTP. The issue asks for a peer FHIR server library run in the same process; none is
 * installed here, so the peer column says so rather than showing a number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootstrap } from '../src-main/bootstrap';
import { quantile } from './mllp-load';

const PATIENTS = 10_000;
const OBSERVATIONS = 90_000;
const BUNDLE_SIZE = 1_000;
const SINGLE_CREATES = 1_000;
const QUERY_RUNS = 200;
/** Loading stops after this long; the table reports what was actually stored. */
const LOAD_BUDGET_MS = 90_000;
const PEER = 'no peer FHIR server library installed';
/** Each query stops after this long (at least one timed run), so one slow query cannot stall the suite. */
const QUERY_BUDGET_MS = 20_000;

const FAMILIES = ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Okafor', 'Muller', 'Rossi', 'Tanaka', 'Kowalski', 'Silva'];
const LOINC = [
  '8867-4', '8480-6', '8462-4', '8310-5', '9279-1', '2708-6', '29463-7', '8302-2', '39156-5', '2339-0',
  '2160-0', '718-7', '6690-2', '777-3', '2951-2', '2823-3', '17861-6', '2093-3', '2571-8', '4548-4',
];
const MRN_SYSTEM = 'urn:bench:mrn';
const DAY_MS = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const SPAN_DAYS = 730;

/** Deterministic pseudo-random numbers, so every run loads and queries the same data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rnd = prng(20_240_601);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function patient(i: number): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    identifier: [{ system: MRN_SYSTEM, value: `MRN-${i}` }],
    name: [{ family: `${FAMILIES[i % FAMILIES.length]}${Math.floor(i / FAMILIES.length) % 100}`, given: [pick(['Alex', 'Sam', 'Kim', 'Lee', 'Jo'])] }],
    gender: pick(['male', 'female', 'other', 'unknown']),
    birthDate: isoDate(Date.UTC(1940, 0, 1) + Math.floor(rnd() * 80 * 365) * DAY_MS),
  };
}

function observation(patientId: string): Record<string, unknown> {
  const code = pick(LOINC);
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: new Date(START + Math.floor(rnd() * SPAN_DAYS * DAY_MS)).toISOString(),
    valueQuantity: { value: Math.round(rnd() * 2000) / 10, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
  };
}

const FHIR_JSON = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' };

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: FHIR_JSON, body: JSON.stringify(body) });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** POSTs one transaction Bundle of creates and returns the new ids, in entry order. */
async function transact(base: string, type: string, resources: readonly Record<string, unknown>[]): Promise<string[]> {
  const bundle = { resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: type } })) };
  const reply = (await post(base, bundle)) as { entry?: { response?: { location?: string } }[] };
  return (reply.entry ?? []).map((e) => e.response?.location?.split('/')[1] ?? '');
}

async function getJson(url: string): Promise<{ total?: number }> {
  const response = await fetch(url, { headers: { Accept: 'application/fhir+json' } });
  const json = (await response.json()) as { total?: number };
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

interface Row {
  readonly metric: string;
  readonly value: string;
  readonly detail: string;
}

const num = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'failed');

export async function runFhirSearchBench(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'interop-fhir-bench-'));
  const engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 }, durability: 'NORMAL' });
  const rows: Row[] = [];
  try {
    const base = `${engine.url}fhir/R4`;

    // Single creates: sequential POST /Patient, one resource per request.
    const t0 = performance.now();
    for (let i = 0; i < SINGLE_CREATES; i++) await post(`${base}/Patient`, patient(PATIENTS + i));
    let ms = performance.now() - t0;
    rows.push({ metric: 'create: single POST (sequential)', value: `${num((SINGLE_CREATES / ms) * 1000)} res/s`, detail: `${num(SINGLE_CREATES)} in ${num(ms / 1000, 1)} s` });

    // Bulk load through transaction Bundles, within LOAD_BUDGET_MS.
    const loadStart = performance.now();
    const patientIds: string[] = [];
    for (let i = 0; i < PATIENTS && performance.now() - loadStart < LOAD_BUDGET_MS; i += BUNDLE_SIZE) {
      const batch = Array.from({ length: Math.min(BUNDLE_SIZE, PATIENTS - i) }, (_, k) => patient(i + k));
      patientIds.push(...(await transact(base, 'Patient', batch)));
    }
    let observationsLoaded = 0;
    while (observationsLoaded < OBSERVATIONS && performance.now() - loadStart < LOAD_BUDGET_MS) {
      const batch = Array.from({ length: Math.min(BUNDLE_SIZE, OBSERVATIONS - observationsLoaded) }, () => observation(pick(patientIds)));
      observationsLoaded += (await transact(base, 'Observation', batch)).length;
    }
    ms = performance.now() - loadStart;
    const bundled = patientIds.length + observationsLoaded;
    rows.push({ metric: `create: transaction Bundles of ${num(BUNDLE_SIZE)}`, value: `${num((bundled / ms) * 1000)} res/s`, detail: `${num(bundled)} in ${num(ms / 1000, 1)} s` });

    const storedPatients = (await getJson(`${base}/Patient?_summary=count`)).total ?? Number.NaN;
    const storedObservations = (await getJson(`${base}/Observation?_summary=count`)).total ?? Number.NaN;
    const stored = storedPatients + storedObservations;
    rows.push({ metric: 'stored resources', value: num(stored), detail: `${num(storedPatients)} Patient + ${num(storedObservations)} Observation${stored < PATIENTS + OBSERVATIONS ? ` (load budget ${LOAD_BUDGET_MS / 1000} s hit)` : ''}` });

    const queries: Array<[label: string, url: () => string]> = [
      ['Observation?patient&code&date=ge', () => `${base}/Observation?patient=${pick(patientIds)}&code=${encodeURIComponent(`http://loinc.org|${pick(LOINC)}`)}&date=ge${isoDate(START + Math.floor(rnd() * SPAN_DAYS) * DAY_MS)}`],
      ['Patient?family=<prefix>', () => `${base}/Patient?family=${pick(FAMILIES)}${Math.floor(rnd() * 10)}`],
      ['Observation?code&_summary=count', () => `${base}/Observation?code=${pick(LOINC)}&_summary=count`],
      ['Patient?identifier=system|value', () => `${base}/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|MRN-${Math.floor(rnd() * patientIds.length)}`)}`],
    ];
    for (const [label, url] of queries) {
      const started = performance.now();
      for (let i = 0; i < 3 && performance.now() - started < QUERY_BUDGET_MS; i++) await getJson(url()); // warm-up
      const latencies: number[] = [];
      let hits = 0;
      for (let i = 0; i < QUERY_RUNS && (i === 0 || performance.now() - started < QUERY_BUDGET_MS); i++) {
        const t = performance.now();
        hits += (await getJson(url())).total ?? 0;
        latencies.push(performance.now() - t);
      }
      rows.push({ metric: `search: ${label}`, value: `p50 ${num(quantile(latencies, 0.5), 2)} / p95 ${num(quantile(latencies, 0.95), 2)} ms`, detail: `${latencies.length} runs${latencies.length < QUERY_RUNS ? ` (${QUERY_BUDGET_MS / 1000} s budget)` : ''}, mean total ${num(hits / QUERY_RUNS, 1)}` });
    }
  } finally {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const header = ['metric', 'engine (NORMAL)', 'detail', 'peer'];
  const cells = rows.map((r) => [r.metric, r.value, r.detail, PEER]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}
