/**
 * The FHIR bench workload, generated once from a seeded PRNG so the engine and its peer store the same
 * resources and run the same queries. Each store assigns its own ids, so Observations and queries name
 * patients by index into `patients`; every store maps indexes to its ids.
 */
import type { Observation, Patient } from '@medplum/fhirtypes';

export const PATIENTS = 10_000;
export const OBSERVATIONS = 90_000;
export const BUNDLE_SIZE = 1_000;
export const SINGLE_CREATES = 1_000;
export const QUERY_RUNS = 200;
export const WARM_UPS = 3;
/** Observation loading stops after this long; the table reports what was actually stored. */
export const LOAD_BUDGET_MS = 90_000;
/** Each query stops after this long (at least one timed run), so one slow query cannot stall the suite. */
export const QUERY_BUDGET_MS = 20_000;

const FAMILIES = ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Okafor', 'Muller', 'Rossi', 'Tanaka', 'Kowalski', 'Silva'];
const LOINC = [
  '8867-4', '8480-6', '8462-4', '8310-5', '9279-1', '2708-6', '29463-7', '8302-2', '39156-5', '2339-0',
  '2160-0', '718-7', '6690-2', '777-3', '2951-2', '2823-3', '17861-6', '2093-3', '2571-8', '4548-4',
];
const MRN_SYSTEM = 'urn:bench:mrn';
const DAY_MS = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const SPAN_DAYS = 730;

/** An Observation without its subject, which needs the id the store gave the patient. */
export interface ObservationSpec {
  readonly patient: number;
  readonly resource: Omit<Observation, 'subject'>;
}

export const withSubject = (spec: ObservationSpec, patientId: string): Observation => ({ ...spec.resource, subject: { reference: `Patient/${patientId}` } });

/** A search as a path relative to the FHIR base (`Observation?…`), given the store's patient ids. */
export type QueryPath = (patientIds: readonly string[]) => string;

export interface FhirQuery {
  readonly label: string;
  /** WARM_UPS warm-ups, then QUERY_RUNS timed runs. */
  readonly paths: readonly QueryPath[];
}

export interface FhirWorkload {
  /** Created one POST at a time, before the bulk load. */
  readonly singles: readonly Patient[];
  readonly patients: readonly Patient[];
  readonly observations: readonly ObservationSpec[];
  readonly queries: readonly FhirQuery[];
}

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

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function fhirWorkload(): FhirWorkload {
  const rnd = prng(20_240_601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const index = (n: number): number => Math.floor(rnd() * n);

  const patient = (i: number): Patient => ({
    resourceType: 'Patient',
    identifier: [{ system: MRN_SYSTEM, value: `MRN-${i}` }],
    name: [{ family: `${FAMILIES[i % FAMILIES.length]}${Math.floor(i / FAMILIES.length) % 100}`, given: [pick(['Alex', 'Sam', 'Kim', 'Lee', 'Jo'])] }],
    gender: pick(['male', 'female', 'other', 'unknown'] as const),
    birthDate: isoDate(Date.UTC(1940, 0, 1) + index(80 * 365) * DAY_MS),
  });

  const observation = (): ObservationSpec => {
    const patientIndex = index(PATIENTS);
    const code = pick(LOINC);
    return {
      patient: patientIndex,
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code }] },
        effectiveDateTime: new Date(START + Math.floor(rnd() * SPAN_DAYS * DAY_MS)).toISOString(),
        valueQuantity: { value: Math.round(rnd() * 2000) / 10, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
      },
    };
  };

  const singles = Array.from({ length: SINGLE_CREATES }, (_, i) => patient(PATIENTS + i));
  const patients = Array.from({ length: PATIENTS }, (_, i) => patient(i));
  const observations = Array.from({ length: OBSERVATIONS }, observation);

  const runs = (path: () => QueryPath): QueryPath[] => Array.from({ length: WARM_UPS + QUERY_RUNS }, path);
  // The patient is a typed reference: Medplum's in-memory matcher compares whole reference strings,
  // so a bare id would match nothing there (the engine accepts both).
  const queries: FhirQuery[] = [
    {
      label: 'Observation?patient&code&date=ge',
      paths: runs(() => {
        const [p, code, date] = [index(PATIENTS), pick(LOINC), isoDate(START + index(SPAN_DAYS) * DAY_MS)];
        return (ids) => `Observation?patient=Patient/${ids[p]}&code=${encodeURIComponent(`http://loinc.org|${code}`)}&date=ge${date}`;
      }),
    },
    {
      label: 'Patient?family=<prefix>',
      paths: runs(() => {
        const family = `${pick(FAMILIES)}${index(10)}`;
        return () => `Patient?family=${family}`;
      }),
    },
    {
      label: 'Observation?code&_summary=count',
      paths: runs(() => {
        const code = pick(LOINC);
        return () => `Observation?code=${code}&_summary=count`;
      }),
    },
    {
      label: 'Patient?identifier=system|value',
      paths: runs(() => {
        const mrn = `MRN-${index(PATIENTS)}`;
        return () => `Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`;
      }),
    },
  ];
  return { singles, patients, observations, queries };
}
