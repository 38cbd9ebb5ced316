import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationNames, operations, type ChangeEvent, type OperationName, type Result } from '../../src-shared';
import { forkNodeEngineProcess } from '../../test/support/node-engine-process';
import type { EngineClient } from '../api/engine-client';
import { bootstrap, type Engine } from '../bootstrap';
import { createLogger } from '../core/logger';
import { inProcessEngineClient } from '../electron/in-process-engine-client';
import { createEngineSupervisor, type EngineSupervisor, type SupervisorState } from '../supervisor/engine-supervisor';
import { createChannelEngineClient, type ChannelEngineClient } from './channel-engine-client';
import { channelEngineChild } from './channel-engine-child';
import { desktopEngineConfig } from './desktop-engine-config';
import type { StartMessage } from './protocol';

const quiet = createLogger('error', () => undefined);
const dataKey = randomBytes(32).toString('base64');
const startFor = (dataDir: string): StartMessage => ({ type: 'start', dataDir, dataKey, supervision: { restarts: 0, lastExit: undefined } });

/** The desktop engine in a real separate Node process, kept by the real supervisor, reached through the channel client. */
function superviseEngineProcess(dataDir: string, client: ChannelEngineClient, states: SupervisorState[] = []): EngineSupervisor {
  return createEngineSupervisor({
    spawn: (request) => channelEngineChild(forkNodeEngineProcess(), { ...startFor(dataDir), supervision: { restarts: request.restarts, lastExit: request.lastExit } }, client),
    policy: { firstDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 60_000, maxQuickCrashes: 5 },
    now: Date.now,
    schedule: (delayMs, run) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    },
    onState: (state) => states.push(state),
  });
}

/** What must be the same whichever process answers: ok and status, the error code, and a read's data with its clock- and id-bound values blanked. */
function comparable(name: OperationName, result: Result<unknown>, dataDir: string): unknown {
  if (!result.ok) return { ok: false, status: result.status, code: result.error.code };
  if (operations[name].http.method !== 'GET') return { ok: true };
  if (isArchive(result.value)) return { ok: true, files: Object.keys(unzipSync(Buffer.from(result.value.content, 'base64'))).sort() };
  return { ok: true, data: JSON.parse(JSON.stringify(result.value ?? null, (key, value: unknown) => (VARIES.has(key) ? '<varies>' : typeof value === 'string' ? blank(value, dataDir) : value))) };
}

/** A download answered as a zip (the diagnostics export): its files are compared, not its bytes (they carry times and sizes). */
const isArchive = (value: unknown): value is { content: string } =>
  typeof value === 'object' && value !== null && (value as { contentType?: unknown }).contentType === 'application/zip' && typeof (value as { content?: unknown }).content === 'string';

/** A string with the data directory, ids and timestamps (also in file names and CSV rows) replaced by placeholders. */
const blank = (text: string, dataDir: string): string =>
  text
    .replaceAll(dataDir, '<dataDir>')
    .replace(/\b[A-Z]{2,6}_[0-9A-HJKMNP-TV-Z]{26}\b/g, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}[:-]\d{2}[:-]\d{2}(?:[.-]\d{3})?Z/g, '<time>');

/** Values two engines started moments apart never share: clocks, uptimes, process ids, the sizes of their files and free disk. */
const VARIES = new Set(['uptimeSeconds', 'checkedAt', 'pid', 'freeBytes']);

describe('desktop engine process: the same answers as the engine in this process', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'interop-inproc-')), mkdtempSync(join(tmpdir(), 'interop-engineproc-'))] as const;
  let inProcessEngine: Engine;
  let inProcess: EngineClient;
  const client = createChannelEngineClient({ waitMs: 30_000 });
  let supervisor: EngineSupervisor;
  beforeAll(async () => {
    inProcessEngine = await bootstrap(desktopEngineConfig(startFor(dirs[0]), process.env, quiet));
    inProcess = inProcessEngineClient(inProcessEngine);
    supervisor = superviseEngineProcess(dirs[1], client);
    expect(await supervisor.start()).toMatchObject({ started: true });
  });
  afterAll(async () => {
    await supervisor?.stop();
    await inProcessEngine?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers every operation of the contract as in-process dispatch does (ok, status, error code, and the data of reads on a fresh store)', async () => {
    const differences: { name: string; inProcess: unknown; engineProcess: unknown }[] = [];
    for (const name of operationNames) {
      const here = comparable(name, await inProcess.call(name, {}), dirs[0]);
      const there = comparable(name, await client.call(name, {}), dirs[1]);
      if (JSON.stringify(here) !== JSON.stringify(there)) differences.push({ name, inProcess: here, engineProcess: there });
    }
    expect(differences).toEqual([]);
  });

  it('runs the engine in another process, under supervision', async () => {
    const health = await client.call('system.health', {});
    expect(health).toMatchObject({ ok: true, value: { engineProcess: { supervised: true, restarts: 0 } } });
    const pid = (health as { value: { engineProcess: { pid: number } } }).value.engineProcess.pid;
    expect(pid).not.toBe(process.pid);
    expect(pid).toBe(supervisor.state().pid);
  });
});

describe('desktop engine process: a start that fails', () => {
  it('says why to main and ends without being restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-engineproc-'));
    const notADirectory = join(dir, 'data');
    writeFileSync(notADirectory, 'a file where the data directory should be');
    const failures: string[] = [];
    const client = createChannelEngineClient({ waitMs: 30_000 });
    const supervisor = createEngineSupervisor({
      spawn: () => channelEngineChild(forkNodeEngineProcess(), startFor(notADirectory), client, (message) => failures.push(message)),
      policy: { firstDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 60_000, maxQuickCrashes: 5 },
      now: Date.now,
      schedule: (delayMs, run) => {
        const timer = setTimeout(run, delayMs);
        return () => clearTimeout(timer);
      },
    });
    try {
      expect(await supervisor.start()).toEqual({ started: false, exit: { code: 1, signal: null } });
      expect(failures).toEqual([expect.stringContaining('EEXIST')]);
      expect(supervisor.state().phase).toBe('stopped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('desktop engine process: killed with a call in flight', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'interop-engineproc-'));
  const client = createChannelEngineClient({ waitMs: 30_000 });
  const states: SupervisorState[] = [];
  const changes: ChangeEvent[] = [];
  let supervisor: EngineSupervisor;
  beforeAll(async () => {
    client.onChange((change) => changes.push(change));
    supervisor = superviseEngineProcess(dataDir, client, states);
    expect(await supervisor.start()).toMatchObject({ started: true });
  });
  afterAll(async () => {
    await supervisor?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the call in flight with 503 promptly, restarts the engine, and the next call succeeds', async () => {
    const pid = supervisor.state().pid as number;
    const inFlight = client.call('connectors.list', {});
    const asked = Date.now();
    process.kill(pid, 'SIGKILL');
    expect(await inFlight).toMatchObject({ ok: false, status: 503, error: { code: 'INTEROP_ENGINE_UNAVAILABLE' } });
    expect(Date.now() - asked).toBeLessThan(5_000);
    expect(states.some((s) => s.phase === 'restarting' && s.lastExit?.signal === 'SIGKILL')).toBe(true);

    // Made while the engine is restarting: it waits for the new process and is answered by it.
    const next = await client.call('system.health', {});
    expect(next).toMatchObject({ ok: true, value: { engineProcess: { supervised: true, restarts: 1, lastExit: { signal: 'SIGKILL' } } } });
    expect(supervisor.state()).toMatchObject({ phase: 'running', restarts: 1 });
    expect(supervisor.state().pid).not.toBe(pid);
  });

  it('brings the engine process\'s change events through the channel', async () => {
    const created = await client.call('externalSystems.create', { name: 'RIS', kind: 'ris' });
    expect(created).toMatchObject({ ok: true, value: { id: expect.stringMatching(/^EXT_/) } });
    const id = (created as { value: { id: string } }).value.id;
    await expect.poll(() => changes).toContainEqual({ topic: 'externalSystems', id });
  });
});
