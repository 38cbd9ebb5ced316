import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Shared pieces of the fuzzers (`*.fuzz.test.ts`, the `fuzz` vitest project): the corpus in
 * ../shared/corpus, mutations of it, and the run settings. CI runs each fuzzer for its default number
 * of cases; `FUZZ_RUNS=n` runs n per property, `FUZZ_SEED=s` replays the seed a failure printed.
 */

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');

/** fast-check parameters: the run count (FUZZ_RUNS or the fuzzer's CI default), a replayable seed, the seed printed on failure. */
export function fuzzParams(ciRuns: number): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: Number.isInteger(runs) && runs > 0 ? runs : ciRuns, ...(Number.isInteger(seed) ? { seed } : {}), verbose: 1 };
}

/** A case taking longer than this is a failure: super-linear work on hostile input is a denial of service. */
export const CASE_BUDGET_MS = 5_000;

/** Runs one case and fails it if it overran the budget. */
export function withinBudget<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  const elapsed = performance.now() - started;
  expect(elapsed, `one case took ${Math.round(elapsed)} ms`).toBeLessThan(CASE_BUDGET_MS);
  return result;
}

/** Every file below corpus/<dir> (recursively) whose name ends with `extension`, as bytes. */
export function corpusFiles(dir: string, extension: string): Buffer[] {
  const root = join(CORPUS, dir);
  const walk = (at: string): string[] =>
    readdirSync(at)
      .sort()
      .flatMap((name) => {
        const path = join(at, name);
        return statSync(path).isDirectory() ? walk(path) : name.endsWith(extension) ? [path] : [];
      });
  return walk(root).map((path) => readFileSync(path));
}

/** Characters that mean something to one of the fuzzed grammars (HL7 delimiters and escapes, MLLP blocks, JSON, search syntax). */
const SPECIAL = ['|', '^', '~', '\\', '&', '#', '\r', '\n', '\r\n', '\x0b', '\x1c', '\x00', '"', '{', '}', '[', ']', ',', ':', '$', '.', '=', '?', '%', '\uFEFF', '\uFFFD', '\u202E', '\uD800', 'é', '日', '😀'];
/** HL7 escape sequences, well-formed and not. */
const ESCAPES = ['\\F\\', '\\S\\', '\\T\\', '\\R\\', '\\E\\', '\\P\\', '\\H\\', '\\N\\', '\\.br\\', '\\.sp3\\', '\\X0D0A\\', '\\Xzz\\', '\\C2842\\', '\\M2442\\', '\\Z99\\', '\\', '\\\\', '\\X', '\\u0000', '\\ud800', '\\"'];
const special = fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(...ESCAPES), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }));

type Mutation = (text: string) => string;

const at = (text: string, position: number): number => (text.length === 0 ? 0 : position % (text.length + 1));

/** One edit of a text: character flips, truncation, splices, duplicated delimiters, odd escapes, huge repetitions. */
function mutation(donors: readonly string[]): fc.Arbitrary<Mutation> {
  const position = fc.nat();
  const donor = fc.constantFrom(...donors);
  return fc.oneof(
    // A character replaced (a byte flip once encoded).
    fc.tuple(position, special).map(([p, c]): Mutation => (t) => t.slice(0, at(t, p)) + c + t.slice(at(t, p) + 1)),
    // Inserted special characters.
    fc.tuple(position, special).map(([p, c]): Mutation => (t) => t.slice(0, at(t, p)) + c + t.slice(at(t, p))),
    // Truncation.
    position.map((p): Mutation => (t) => t.slice(0, at(t, p))),
    // A range deleted.
    fc.tuple(position, fc.integer({ min: 1, max: 200 })).map(([p, n]): Mutation => (t) => t.slice(0, at(t, p)) + t.slice(at(t, p) + n)),
    // A splice: the head of this text, the tail of another.
    fc.tuple(position, position, donor).map(([p, q, other]): Mutation => (t) => t.slice(0, at(t, p)) + other.slice(at(other, q))),
    // Every occurrence of one delimiter doubled or tripled.
    fc.tuple(fc.constantFrom('|', '^', '~', '&', '\r', ',', ':', '"', '{', '['), fc.integer({ min: 2, max: 3 })).map(([c, n]): Mutation => (t) => t.split(c).join(c.repeat(n))),
    // A slice repeated many times (bounded so a case stays under a megabyte).
    fc.tuple(position, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 2, max: 2_000 })).map(([p, n, times]): Mutation => (t) => {
      const start = at(t, p);
      const slice = t.slice(start, start + n);
      return t.slice(0, start) + slice.repeat(Math.min(times, Math.floor(1_000_000 / Math.max(1, slice.length)))) + t.slice(start);
    }),
    // One character repeated thousands of times.
    fc.tuple(position, special, fc.integer({ min: 100, max: 20_000 })).map(([p, c, times]): Mutation => (t) => t.slice(0, at(t, p)) + c.repeat(times) + t.slice(at(t, p))),
  );
}

/** A corpus text with 1–4 mutations applied (and now and then none). */
export function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation(seeds), { maxLength: 4 })).map(([seed, edits]) => edits.reduce((text, edit) => edit(text), seed));
}

/** How a text goes on the wire: UTF-8, Latin-1 (characters past U+00FF lost), UTF-16LE with a byte-order mark, or UTF-8 with one. */
export const encoded = (text: fc.Arbitrary<string>): fc.Arbitrary<Buffer> =>
  fc.tuple(text, fc.constantFrom('utf8', 'latin1', 'utf16le', 'bom')).map(([t, encoding]) =>
    encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]) : encoding === 'bom' ? Buffer.from(`\uFEFF${t}`, 'utf8') : Buffer.from(t, encoding),
  );

/** Bytes with some of them flipped at random. */
export const flippedBytes = (bytes: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> =>
  fc.tuple(bytes, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })).map(([b, flips]) => {
    const copy = Buffer.from(b);
    for (const [p, value] of flips) if (copy.length > 0) copy[p % copy.length] = value;
    return copy;
  });
