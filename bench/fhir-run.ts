/**
 * Runs the FHIR bench workload against one store (the engine over HTTP, or a peer in process): single
 * creates, the bulk load in transaction Bundles, the stored counts, then every query's timed runs.
 */
import type { Resource } from '@medplum/fhirtypes';
import { performance } from 'node:perf_hooks';
import { BUNDLE_SIZE, LOAD_BUDGET_MS, QUERY_BUDGET_MS, WARM_UPS, withSubject, type FhirWorkload } from './fhir-workload';

/** One store, as the workload sees it. */
export interface FhirTarget {
  create(resource: Resource): Promise<void>;
  /** One transaction Bundle of creates; the new ids, in entry order. */
  transact(type: string, resources: readonly Resource[]): Promise<string[]>;
  /** The `total` of a search given as a path relative to the FHIR base. */
  total(path: string): Promise<number>;
}

export interface QueryTiming {
  readonly latenciesMs: number[];
  /** The search total of each timed run, in run order (the same queries for every store). */
  readonly totals: number[];
}

export interface FhirRun {
  readonly singleCreateMs: number;
  readonly bundled: { readonly resources: number; readonly ms: number };
  readonly stored: { readonly patients: number; readonly observations: number };
  readonly queries: QueryTiming[];
}

export async function runFhirWorkload(target: FhirTarget, workload: FhirWorkload): Promise<FhirRun> {
  const t0 = performance.now();
  for (const patient of workload.singles) await target.create(patient);
  const singleCreateMs = performance.now() - t0;

  // Patients always load in full (observations and queries refer to them by index); only the
  // observations are cut off by the budget.
  const loadStart = performance.now();
  const patientIds: string[] = [];
  for (let i = 0; i < workload.patients.length; i += BUNDLE_SIZE) {
    patientIds.push(...(await target.transact('Patient', workload.patients.slice(i, i + BUNDLE_SIZE))));
  }
  let observations = 0;
  while (observations < workload.observations.length && performance.now() - loadStart < LOAD_BUDGET_MS) {
    const batch = workload.observations.slice(observations, observations + BUNDLE_SIZE).map((o) => withSubject(o, patientIds[o.patient]!));
    observations += (await target.transact('Observation', batch)).length;
  }
  const bundled = { resources: patientIds.length + observations, ms: performance.now() - loadStart };

  const stored = { patients: await target.total('Patient?_summary=count'), observations: await target.total('Observation?_summary=count') };

  const queries: QueryTiming[] = [];
  for (const query of workload.queries) {
    const paths = query.paths.map((path) => path(patientIds));
    const started = performance.now();
    for (const path of paths.slice(0, WARM_UPS)) {
      if (performance.now() - started >= QUERY_BUDGET_MS) break;
      await target.total(path);
    }
    const timing: QueryTiming = { latenciesMs: [], totals: [] };
    for (const path of paths.slice(WARM_UPS)) {
      if (timing.totals.length > 0 && performance.now() - started >= QUERY_BUDGET_MS) break;
      const t = performance.now();
      timing.totals.push(await target.total(path));
      timing.latenciesMs.push(performance.now() - t);
    }
    queries.push(timing);
  }
  return { singleCreateMs, bundled, stored, queries };
}
