import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, fuzzParams, mutatedText, withinBudget } from '../../test/support/fuzz';
import { AppError } from '../core/errors';
import { bundleOf } from './bundle/bundle-service';
import { ensureFhirDefinitions } from './definitions/r4-definitions';
import { fhirAnswerOf } from './outcome';
import { readPatch } from './patch/patch-document';
import { readFhirJson } from './rest/fhir-json';
import { validateFhirResource } from './validation/validate';

const texts = corpusFiles('fhir', '.json').map((bytes) => bytes.toString('utf8'));
const resources = texts.flatMap((text) => {
  try {
    return [JSON.parse(text.replace(/^\uFEFF/, '')) as unknown];
  } catch {
    return [];
  }
});

/** Runs `fn`; an AppError (answered as an OperationOutcome) is a refusal, anything else fails the case. */
function answeredOrRefused(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const answer = fhirAnswerOf(error);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.outcome.resourceType).toBe('OperationOutcome');
  }
}

/** Everything the FHIR REST routes do with a body before it reaches the store: read, validate as a resource, read as a Bundle, read as a patch. */
function exercise(body: unknown): void {
  answeredOrRefused(() => validateFhirResource(body));
  answeredOrRefused(() => bundleOf(body));
  answeredOrRefused(() => readPatch(body, 'application/json-patch+json'));
  answeredOrRefused(() => readPatch(body, 'application/fhir+json'));
}

/** JSON values to graft into a resource: wrong types, prototype keys, deep nesting, huge arrays and strings. */
const nested = (depth: number, leaf: unknown, array: boolean): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = array ? [value] : { extension: value };
  return value;
};
const graft: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, '', [], {}, [null], 0, -0, 1e308, -1, 1.5, true, 'true', '2024-13-45', 'urn:uuid:', '#', 'Patient/..', '../../etc/passwd'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'resourceType', 'toString').map((key) => JSON.parse(`{"${key}": {"polluted": true}}`) as unknown),
  fc.tuple(fc.integer({ min: 10, max: 20_000 }), fc.boolean()).map(([depth, array]) => nested(depth, 'deep', array)),
  fc.integer({ min: 100, max: 2_000 }).map((n) => Array.from({ length: n }, () => ({ url: 'x' }))),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'x'.repeat(n)),
);

/** Every path to an object member or array item in `value`, capped: where a graft may go. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length >= 500 || typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

/** A corpus resource with 1–3 of its members replaced by grafts (a deep copy; the corpus stays as read). */
const graftedResource: fc.Arbitrary<unknown> = fc.tuple(fc.constantFrom(...resources), fc.array(fc.tuple(fc.nat(), graft), { minLength: 1, maxLength: 3 })).map(([resource, grafts]) => {
  const copy = structuredClone(resource) as Record<string | number, unknown>;
  for (const [pick, value] of grafts) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[pick % paths.length]!;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path.at(-1)!] = value;
  }
  return copy;
});

describe('FHIR JSON reader fuzzing (seeded from ../shared/corpus)', () => {
  beforeAll(() => ensureFhirDefinitions(), 60_000);

  it('has a corpus to mutate', () => {
    expect(resources.length).toBeGreaterThan(40);
  });

  it('reads mutated corpus text as JSON or refuses it with an OperationOutcome, and validates what it read without raising anything else', () => {
    fc.assert(
      fc.property(mutatedText(texts), (text) =>
        withinBudget(() => {
          let body: unknown;
          try {
            body = readFhirJson(text);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect(fhirAnswerOf(error as AppError).status).toBe(400);
            return;
          }
          exercise(body);
        }),
      ),
      fuzzParams(100),
    );
  });

  it('validates corpus resources with grafted wrong types, prototype keys, deep nesting and huge members without raising anything but AppError', () => {
    fc.assert(
      fc.property(graftedResource, (body) => withinBudget(() => exercise(body))),
      fuzzParams(100),
    );
  });
});
