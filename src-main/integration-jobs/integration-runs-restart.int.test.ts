import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pagedRunKind } from '../../test/support/paged-run-kind';
import { bootstrap, type Engine } from '../bootstrap';
import { DEFAULT_TENANT_ID } from '../store/open-store';

const ctx = { tenantId: DEFAULT_TENANT_ID, actor: 'test' };
const root = resolve(import.meta.dirname, '..', '..');

async function call(engine: Engine, name: Parameters<Engine['dispatcher']['dispatch']>[0], input: unknown): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const answer = await engine.dispatcher.dispatch(name, input, ctx);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code}`);
  return answer.value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)}`);
    await new Promise((wait) => setTimeout(wait, 50));
  }
}

const logsOf = async (engine: Engine, id: string): Promise<string[]> => (await call(engine, 'integrationRuns.logs', { id })).data.map((l: { message: string }) => l.message);

describe('an integration run across an engine restart on the same data dir', () => {
  const dirs: string[] = [];
  const engines: Engine[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-runs-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (dir: string, kind: ReturnType<typeof pagedRunKind>['kind']) => {
    const engine = await bootstrap({ dataDir: dir, integrationRunKinds: [kind] });
    engines.push(engine);
    return engine;
  };
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is interrupted when the engine stops mid-run and resumes from its checkpoint at the next start, counts carried on', async () => {
    const dir = dataDir();
    const first = await start(dir, pagedRunKind({ pages: 5, hangAfter: 2 }).kind);
    const job = await call(first, 'integrationJobs.create', { name: 'Paged', kind: 'paged' });
    const { id } = await call(first, 'integrationJobs.run', { id: job.id });
    await until(() => call(first, 'integrationRuns.get', { id }), (r) => r.counts.read === 20);
    await first.stop();

    const resumedKind = pagedRunKind({ pages: 5 });
    const second = await start(dir, resumedKind.kind);
    const run = await until(() => call(second, 'integrationRuns.get', { id }), (r) => r.status === 'succeeded');
    expect(resumedKind.seen).toEqual([{ page: 2 }]);
    expect(run).toMatchObject({ counts: { read: 50, written: 50 }, progress: { done: 50, total: 50 }, error: null });
    expect(await logsOf(second, id)).toEqual([
      'Queued (manual)',
      'Started',
      'Interrupted: the engine stopped; the run resumes from its checkpoint at the next start',
      'Resumed from its checkpoint',
      'Succeeded',
    ]);
  }, 60_000);

  it('is marked interrupted at the next start after the engine was killed (-9) mid-run, and resumes from its checkpoint', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/integration-run-child.ts'), dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const runId = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /CHECKPOINTED (RUN_\w+)/.exec(out);
        if (match?.[1]) done(match[1]);
      });
      child.once('exit', (code) => fail(new Error(`child exited ${code}: ${stderr}`)));
    });
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;

    const resumedKind = pagedRunKind({ pages: 5 });
    const engine = await start(dir, resumedKind.kind);
    const run = await until(() => call(engine, 'integrationRuns.get', { id: runId }), (r) => r.status === 'succeeded');
    expect(resumedKind.seen).toEqual([{ page: 2 }]);
    expect(run.counts).toMatchObject({ read: 50, written: 50 });
    expect(await logsOf(engine, runId)).toEqual([
      'Queued (manual)',
      'Started',
      'Interrupted: the engine ended while this run was going; it resumes from its checkpoint',
      'Resumed from its checkpoint',
      'Succeeded',
    ]);
  }, 60_000);
});
