import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusFiles, fuzzParams, mutatedText, withinBudget } from '../../../test/support/fuzz';
import { AppError } from '../../core/errors';
import { buildSearchSql } from '../../store/fhir-search/search-sql';
import { searchParametersOf } from './definitions';
import { MAX_COUNT, MAX_OFFSET } from './parse-result-params';
import { parseSearch } from './parse-search';

/** The corpus's resources (Bundle entries too): their types, and the strings in them as search values. */
const resources = corpusFiles('fhir', '.json').flatMap((bytes) => {
  try {
    const value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as { resourceType?: string; entry?: { resource?: unknown }[] };
    return [value, ...(value.entry ?? []).map((e) => e.resource ?? {})] as { resourceType?: string }[];
  } catch {
    return [];
  }
});
const types = [...new Set(resources.map((r) => r.resourceType).filter((t): t is string => typeof t === 'string'))].sort();
const strings = [...new Set(resources.flatMap((r) => JSON.stringify(r).match(/"[^"\\]{1,60}"/g) ?? []).map((s) => s.slice(1, -1)))].slice(0, 2000);

const MODIFIERS = ['', ':exact', ':contains', ':missing', ':not', ':text', ':Patient', ':iterate', ':below', ':', '::'];
const PREFIXES = ['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', 'gtgt'];
const RESULT = ['_count', '_offset', '_sort', '_summary', '_elements', '_include', '_revinclude', '_include:iterate', '_total', '_id', '_lastUpdated'];
const NUMBERS = ['0', '1', '1000', '1001', '99999999999', '999999999999999', '1e3', '-1', '0x10', ' 5', '100000', '100001'];
const SYNTAX = ['\\,', '\\|', '\\$', '\\\\', ',', '|', '$', '..', 'urn:oid:1.2|', '|x', '2024-01-01T00:00:00Z', '2024', '5.4|http://unitsofmeasure.org|mg', 'Patient/1', '*', 'Observation:subject', 'Observation:subject:Patient'];

const value = fc.oneof(fc.constantFrom(...strings), fc.constantFrom(...NUMBERS), fc.constantFrom(...SYNTAX), mutatedText(strings.slice(0, 200)).map((s) => s.slice(0, 2_000)));

/** A parameter name of the type, with a modifier or a chain, or a result parameter, or noise. */
const name = (type: string): fc.Arbitrary<string> => {
  const codes = searchParametersOf(type).map((p) => p.code);
  const code = codes.length > 0 ? fc.constantFrom(...codes) : fc.constant('_id');
  return fc.oneof(
    fc.tuple(code, fc.constantFrom(...MODIFIERS)).map(([c, m]) => c + m),
    fc.tuple(code, fc.constantFrom(...MODIFIERS), code).map(([c, m, chained]) => `${c}${m}.${chained}`),
    fc.constantFrom(...RESULT),
    fc.string({ maxLength: 20 }),
  );
};

const query = fc.constantFrom(...types).chain((type) =>
  fc.tuple(
    fc.constant(type),
    fc.array(fc.tuple(name(type), fc.tuple(fc.constantFrom(...PREFIXES), value).map(([p, v]) => p + v)), { maxLength: 8 }),
  ),
);

/** parseSearch answers a request or an AppError (400 OperationOutcome); a request it answers compiles to SQL that carries every value as an argument. */
function exercise(type: string, params: [string, string][]): void {
  const parsed = parseSearch(type, params);
  if (parsed instanceof AppError) {
    expect(['validation', 'not_found']).toContain(parsed.kind);
    return;
  }
  expect(parsed.count).toBeLessThanOrEqual(MAX_COUNT);
  expect(parsed.offset).toBeLessThanOrEqual(MAX_OFFSET);
  const built = buildSearchSql('t1', parsed);
  expect(built.sql.split('?').length - 1).toBe(built.args.length);
  expect(built.countSql.split('?').length - 1).toBe(built.countArgs.length);
}

describe('FHIR search-parameter parser fuzzing (values seeded from ../shared/corpus)', () => {
  it('has corpus types and values to search with', () => {
    expect(types.length).toBeGreaterThan(20);
    expect(strings.length).toBeGreaterThan(500);
  });

  it('parses any parameters into a bounded request whose SQL keeps every value out of its text, or refuses them with an AppError', () => {
    fc.assert(
      fc.property(query, ([type, params]) => withinBudget(() => exercise(type, params))),
      fuzzParams(1500),
    );
  });

  it('reads mutated query strings as the FHIR routes do without raising anything', () => {
    const queries = types.flatMap((type) => searchParametersOf(type).slice(0, 5).map((p) => `${p.code}=${encodeURIComponent(strings[p.code.length % strings.length] ?? '')}&_count=10&_sort=${p.code}`));
    fc.assert(
      fc.property(fc.constantFrom(...types), mutatedText(queries), (type, text) => withinBudget(() => exercise(type, [...new URLSearchParams(text)]))),
      fuzzParams(800),
    );
  });
});
