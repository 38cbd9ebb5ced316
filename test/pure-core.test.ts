import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The pure-core rule as code: the contract and the pure engine modules reach no database, socket, HTTP
 * server or Electron, directly or through any file they import. Imports are read from the source text
 * (import, export-from, import(), require) and relative ones are followed through the repository.
 */
const root = resolve(import.meta.dirname, '..');
const sharedDir = join(root, 'src-shared');
const ENGINE_ONLY = /^(node:)?(net|http|https|http2)$|^better-sqlite3$|^drizzle-(orm|kit)(\/|$)|^electron(\/|$)/;

const isSource = (file: string): boolean => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file);
const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourcesUnder(full) : isSource(full) ? [full] : [];
  });

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@contract/') ? join(sharedDir, specifier.slice('@contract/'.length)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : undefined;
  if (base === undefined) return undefined;
  const candidate = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find((file) => existsSync(file) && statSync(file).isFile());
  if (!candidate) throw new Error(`${relative(root, from)} imports ${specifier}, which does not resolve`);
  return candidate;
}

/** Every bare specifier reachable from a file, with the chain of repository files that leads to it, and every file reached. */
function reachableImports(entry: string): { imports: { specifier: string; chain: string[] }[]; files: string[] } {
  const found: { specifier: string; chain: string[] }[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const here = [...chain, relative(root, file)];
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const local = resolveLocal(file, fileName);
      if (local) visit(local, here);
      else found.push({ specifier: fileName, chain: here });
    }
  };
  visit(entry, []);
  return { imports: found, files: [...seen].map((file) => relative(root, file)) };
}

/**
 * SQL text — a statement (upper case, as this repository writes it) or a fragment comparing with a `?`
 * placeholder: the search SQL is the store's (src-main/store/fhir-search), fhir/search only says what to find.
 */
const SQL_TEXT = /\b(SELECT|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b|[=<>] \?[\s)'`]/;
const fhirSearch = sourcesUnder(join(root, 'src-main/fhir/search'));

const describeChain = ({ specifier, chain }: { specifier: string; chain: string[] }): string => `${chain.join(' → ')} → ${specifier}`;

const pureCore = [
  ...sourcesUnder(join(root, 'src-main/hl7')),
  ...['decoder.ts', 'encoder.ts', 'limits.ts'].map((file) => join(root, 'src-main/mllp', file)),
  ...sourcesUnder(join(root, 'src-main/fhir/search')),
  ...sourcesUnder(join(root, 'src-main/mapping')),
  join(root, 'src-main/jobs/retry-policy.ts'),
  join(root, 'src-main/monitoring/interface-error-cause.ts'),
];

describe('pure core', () => {
  it.each(pureCore.map((file) => relative(root, file)))('%s reaches no database, socket, HTTP server or Electron, even indirectly', (file) => {
    const forbidden = reachableImports(join(root, file)).imports.filter(({ specifier }) => ENGINE_ONLY.test(specifier));
    expect(forbidden.map(describeChain)).toEqual([]);
  });

  it.each(fhirSearch.map((file) => relative(root, file)))('%s holds no SQL and reaches nothing in src-main/store, even indirectly', (file) => {
    expect(reachableImports(join(root, file)).files.filter((reached) => reached.startsWith('src-main/store/'))).toEqual([]);
    expect(readFileSync(join(root, file), 'utf8')).not.toMatch(SQL_TEXT);
  });

  it.each(sourcesUnder(sharedDir).map((file) => relative(root, file)))('%s imports nothing but zod and other src-shared files', (file) => {
    const { imports, files } = reachableImports(join(root, file));
    expect(imports.filter(({ specifier }) => specifier !== 'zod').map(describeChain)).toEqual([]);
    expect(files.filter((reached) => !reached.startsWith('src-shared/'))).toEqual([]);
  });

  it('sees a forbidden import two files away, so a clean result means something', () => {
    const found = reachableImports(join(root, 'src-main/mllp/send-cli.ts')).imports.filter(({ specifier }) => ENGINE_ONLY.test(specifier));
    expect(found.map(({ specifier }) => specifier)).toContain('node:net');
    expect(found.some(({ chain }) => chain.length > 1)).toBe(true);
  });
});
