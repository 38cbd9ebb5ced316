import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail, Hl7MessageSummary } from '../../src-shared';
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
  let connectorId: string;
  let dir: string;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const storedRaw = async (controlId: string): Promise<string> => {
    const list = (await engine.dispatcher.dispatch('hl7Messages.list', { connectorId }, ctx())) as { ok: true; value: { data: Hl7MessageSummary[] } };
    const id = list.value.data.find((m) => m.messageControlId === controlId)?.id;
    const detail = (await engine.dispatcher.dispatch('hl7Messages.get', { id }, ctx())) as { ok: true; value: Hl7MessageDetail };
    return detail.value.raw;
  };
  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
    const active = await activeMllpConnector(engine);
    ({ port } = active);
    connectorId = active.connector.id;
    dir = mkdtempSync(join(tmpdir(), 'send-cli-'));
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

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

  it('sends an ISO 8859-1 file as its bytes, so the engine decodes the umlauts by MSH-18', async () => {
    const adt = (id: string) =>
      [`MSH|^~\\&|KIS|ADT|RIS|ADT|202612151705||ADT^A01^ADT_A01|${id}|P|2.5|||AL|NE|DEU|8859/1`, 'EVN||202612151705', 'PID|||3456789^^^Weiden-Klinik^PI||Kirchner^Änne^^^^^L||19870213|F|||Falkenstraße 10^^Lübeck^^23552'].join('\r\n');
    const file = join(dir, 'latin1-batch.hl7');
    writeFileSync(file, iconv.encode(['FHS|^~\\&', 'BHS|^~\\&', adt('DE-1'), adt('DE-2'), 'BTS|2', 'FTS|1', ''].join('\r\n'), 'latin1'));
    const result = await send('--port', String(port), file);
    expect(result.stdout.trim().split('\n')).toEqual([expect.stringMatching(/#1 {2}MSA\|CA\|DE-1/), expect.stringMatching(/#2 {2}MSA\|CA\|DE-2/)]);
    expect(result.code).toBe(0);
    for (const id of ['DE-1', 'DE-2']) {
      const raw = await storedRaw(id);
      expect(raw).toContain('Kirchner^Änne^');
      expect(raw).toContain('Falkenstraße 10^^Lübeck');
      expect(raw).not.toContain('\uFFFD');
    }
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
