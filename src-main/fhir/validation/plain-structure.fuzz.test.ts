import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, fuzzParams } from '../../../test/support/fuzz';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { plainlyValid } from './plain-structure';

/** Every resource of the FHIR corpus and of the converters' expected output, Bundles' entries included. */
function resourcesIn(texts: string[]): Resource[] {
  const out: Resource[] = [];
  const add = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || typeof (value as Resource).resourceType !== 'string') return;
    out.push(value as Resource);
    for (const entry of (value as { entry?: { resource?: unknown }[] }).entry ?? []) add(entry.resource);
  };
  for (const text of texts) {
    try {
      add(JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch {
      // Malformed corpus files are the JSON reader fuzzer's.
    }
  }
  return out;
}

const resources = resourcesIn([...corpusFiles('fhir', '.json'), ...corpusFiles('hl7-to-fhir', '.json')].map((bytes) => bytes.toString('utf8')));

/** @medplum/core's base validation: its issues, errors (thrown) and warnings (returned) alike. */
function medplumIssues(resource: Resource): OperationOutcomeIssue[] {
  try {
    return validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

/** Values that are right for some elements and wrong for others: formats, types, empties, references to other types. */
const values = fc.constantFrom<unknown>(
  'x', ' ', '', ' padded ', 'two words', 'final', 'amended', 'unknown', 'male', 'http://loinc.org', 'urn:oid:1.2.3', 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  '2020', '2020-02', '2020-02-30', '2020-13-01', '2020-01-01T10:00:00Z', '2020-01-01T10:00:00', '10:00:00', 'Patient/1', 'Observation/2', 'Device/3', 'Patient?identifier=x', '#local', 'a b',
  0, -1, 1, 1.5, 1e21, true, false, null, [], {}, ['x'], [{}], { text: 'x' }, { reference: 'Patient/1' }, { reference: 'Medication/1' }, { value: 1, unit: 'mg' }, { url: 'http://e.x', valueString: 'x' }, { url: 'http://e.x' },
);
const keys = fc.constantFrom('valueString', 'valueQuantity', 'valueBoolean', 'effectiveDateTime', 'effectivePeriod', 'deceasedBoolean', 'multipleBirthInteger', '_birthDate', '_status', 'contained', 'extension', 'modifierExtension', 'text', 'unknownElement', 'resourceType', 'id');

type Edit = { pick: number; kind: 'set' | 'delete' | 'add' | 'wrap' | 'unwrap'; value: unknown; key: string };
const edit: fc.Arbitrary<Edit> = fc.record({ pick: fc.nat(), kind: fc.constantFrom('set', 'delete', 'add', 'wrap', 'unwrap'), value: values, key: keys });

function applyEdit(resource: Record<string | number, unknown>, { pick, kind, value, key }: Edit): void {
  const paths = pathsOf(resource);
  const path = paths[pick % Math.max(paths.length, 1)] ?? [];
  let parent: Record<string | number, unknown> = resource;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return;
  const current = parent[last];
  if (kind === 'set') parent[last] = structuredClone(value);
  else if (kind === 'delete' && !Array.isArray(parent)) delete parent[last];
  else if (kind === 'add' && typeof current === 'object' && current !== null && !Array.isArray(current)) (current as Record<string, unknown>)[key] = structuredClone(value);
  else if (kind === 'wrap') parent[last] = [current];
  else if (kind === 'unwrap' && Array.isArray(current)) parent[last] = current[0];
}

const edited: fc.Arbitrary<Resource> = fc.tuple(fc.constantFrom(...resources), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([resource, edits]) => {
  const copy = structuredClone(resource) as unknown as Record<string | number, unknown>;
  for (const e of edits) applyEdit(copy, e);
  return copy as unknown as Resource;
});

describe('the fast structure pass against @medplum/core (seeded from ../shared/corpus)', () => {
  beforeAll(() => ensureFhirDefinitions(), 60_000);

  it('says plain only of corpus resources @medplum/core finds no issue in, and says it of most of those', () => {
    const clean = resources.filter((r) => medplumIssues(structuredClone(r)).length === 0);
    for (const r of resources) if (plainlyValid(structuredClone(r))) expect(medplumIssues(structuredClone(r)), `${r.resourceType}/${r.id ?? ''}`).toEqual([]);
    expect(clean.filter((r) => plainlyValid(structuredClone(r))).length).toBeGreaterThan(clean.length * 0.7);
  });

  it('never says plain of an edited corpus resource @medplum/core finds an issue in', () => {
    let plain = 0;
    let cases = 0;
    fc.assert(
      fc.property(edited, (resource) => {
        cases++;
        if (!plainlyValid(resource)) return;
        plain++;
        expect(medplumIssues(resource)).toEqual([]);
      }),
      fuzzParams(400),
    );
    // The property must have been exercised: a share of the edits leave a resource the pass is sure of.
    expect(plain).toBeGreaterThan(cases * 0.05);
  });
});
