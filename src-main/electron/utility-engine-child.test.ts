import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { createChannelEngineClient } from '../engine-channel/channel-engine-client';
import type { StartMessage } from '../engine-channel/protocol';
import type { EngineExit } from '../supervisor/engine-supervisor';
import { forkUtilityEngineChild } from './utility-engine-child';

/** Stands in for Electron's UtilityProcess: messages posted to it are recorded; it emits what the child would. */
class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242;
  posted: unknown[] = [];
  killed = 0;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed += 1;
    return true;
  }
}

const start: StartMessage = { type: 'start', dataDir: '/data', dataKey: 'a2V5', nativeBinding: '/b.node', supervision: { restarts: 0, lastExit: undefined } };

function forked() {
  const proc = new FakeUtilityProcess();
  const forks: { modulePath: string; args: string[] | undefined; options: unknown }[] = [];
  const client = createChannelEngineClient({ waitMs: 60_000 });
  const child = forkUtilityEngineChild(
    {
      fork: (modulePath, args, options) => {
        forks.push({ modulePath, args, options });
        return proc as unknown as UtilityProcess;
      },
    },
    '/app/out/main/engine-process.js',
    start,
    client,
    () => undefined,
  );
  return { proc, forks, client, child };
}

describe('Electron utility-process engine child', () => {
  it('forks the engine-process entry as a named service with inherited output and no arguments, and sends the start message first over its port', () => {
    const { proc, forks } = forked();
    expect(forks).toEqual([{ modulePath: '/app/out/main/engine-process.js', args: [], options: { serviceName: 'Interop Console engine', stdio: 'inherit' } }]);
    expect(proc.posted).toEqual([start]);
  });

  it('routes calls to the process once it says ready, and answers them from its results', async () => {
    const { proc, client, child } = forked();
    const ready: unknown[] = [];
    child.onReady((r) => ready.push(r));
    proc.emit('message', { type: 'ready' });
    expect(ready).toHaveLength(1);
    const call = client.call('system.health', {});
    expect(proc.posted[1]).toMatchObject({ type: 'call', name: 'system.health' });
    proc.emit('message', { type: 'result', id: (proc.posted[1] as { id: number }).id, result: { ok: true, value: 'health' } });
    expect(await call).toEqual({ ok: true, value: 'health' });
  });

  it('reports its exit code without a signal, and answers the call in flight with 503', async () => {
    const { proc, client, child } = forked();
    const exits: EngineExit[] = [];
    child.onExit((exit) => exits.push(exit));
    proc.emit('message', { type: 'ready' });
    const call = client.call('system.health', {});
    proc.emit('exit', 9);
    expect(exits).toEqual([{ code: 9, signal: null }]);
    expect(await call).toMatchObject({ ok: false, status: 503, error: { code: 'INTEROP_ENGINE_UNAVAILABLE' } });
  });

  it('asks it to stop over the port, and neither asks nor kills once it has exited', () => {
    const { proc, child } = forked();
    child.stop();
    expect(proc.posted.at(-1)).toEqual({ type: 'stop' });
    proc.emit('exit', 0);
    const posted = proc.posted.length;
    child.stop();
    expect(proc.posted).toHaveLength(posted);
    expect(proc.killed).toBe(0);
  });

  it('ignores messages that are not of the engine channel', () => {
    const { proc, child } = forked();
    const ready: unknown[] = [];
    child.onReady((r) => ready.push(r));
    proc.emit('message', { type: 'engine-ready', url: 'x', port: 1 });
    proc.emit('message', 'ready');
    expect(ready).toEqual([]);
  });
});
