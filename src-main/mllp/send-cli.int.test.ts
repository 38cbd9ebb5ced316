import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const corpus = resolve(root, '../shared/corpus/hl7v2');
const send = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(root, 'src-main/mllp/send-cli.ts'), ...args], { cwd: root }).then(
  (r) => ({ code: 0, ...r }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

describe('npm run send', () => {
  let engine: TempEngine;
  let port: number;
  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
    ({ port } = await activeMllpConnector(engine));
  });
  afterAll(() => engine.dispose());

  it('sends each message of each file in order and prints each MSA, exit 0 when all were accepted', async () => {
    const batch = join(corpus, 'batch', readdirSync(join(corpus, 'batch'))[0] as string);
    const single = join(corpus, 'msfc_ADT-A01-01.hl7');
    const result = await send('--host', '127.0.0.1', '--port', String(port), single, batch);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/msfc_ADT-A01-01\.hl7#1 {2}MSA\|AA\|MSG00001/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => /MSA\|(AA|CA)\|/.test(l))).toBe(true);
  });

  it('exits 1 when a message is rejected', async () => {
    const malformed = join(corpus, 'malformed', 'cdcdex_PHLIP_FLU_NO_MSH10.hl7');
    const result = await send('--port', String(port), malformed);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/MSA\|(AR|CR)\b/);
  });

  it('answers bad usage with the usage text and exit 2', async () => {
    const result = await send('--port', 'x', 'file.hl7');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run send');
  });
});
