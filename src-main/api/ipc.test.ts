import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../src-shared/bridge';
import { operationNames } from '../../src-shared';
import { FakeIpcMain, ipcTransport, RENDERER_URL } from '../../test/support/api-transports';
import { createChannelEngineClient } from '../engine-channel/channel-engine-client';
import { registerIpc } from './ipc';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

describe('IPC adapter', () => {
  let engine: TempEngine;
  let ipc: ReturnType<typeof ipcTransport>;
  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
    ipc = ipcTransport(engine);
  });
  afterAll(() => engine.dispose());

  it('registers one api:<operation> channel per operation of the contract', () => {
    expect([...ipc.ipcMain.handlers.keys()].sort()).toEqual(operationNames.map((n) => `api:${n}`).sort());
  });

  it('refuses calls from a frame that is not the console', async () => {
    const answer = await ipc.ipcMain.invoke('api:connectors.list', 'https://evil.example/', {});
    expect(answer).toEqual({ ok: false, status: 403, error: expect.objectContaining({ code: 'INTEROP_IPC_UNTRUSTED_SENDER' }) });
  });

  it('answers results instead of throwing, for success and failure', async () => {
    expect(await ipc.ipcMain.invoke('api:system.health', RENDERER_URL, {})).toMatchObject({ ok: true, value: { status: 'ok' } });
    expect(await ipc.ipcMain.invoke('api:connectors.get', RENDERER_URL, { id: 'CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV' })).toMatchObject({ ok: false, status: 404 });
    expect(await ipc.ipcMain.invoke('api:connectors.create', RENDERER_URL, undefined)).toMatchObject({ ok: false, status: 422 });
  });

  it('pushes change events to the window', async () => {
    const before = ipc.sent.length;
    await ipc.call('externalSystems.create', { name: 'RIS', kind: 'ris' });
    expect(ipc.sent.slice(before)).toEqual([{ topic: 'externalSystems', id: expect.stringMatching(/^EXT_/) }]);
    expect(IPC_EVENT_CHANNEL).toBe('interop:event');
  });

  it('answers 503 from an engine process that is not running, as a Result', async () => {
    const gone = createChannelEngineClient();
    gone.close();
    const ipcMain = new FakeIpcMain();
    const dispose = registerIpc({ ipcMain, engine: gone, isTrustedSender: (url) => url.startsWith(RENDERER_URL), target: { send: () => undefined, isDestroyed: () => false } });
    expect(await ipcMain.invoke('api:system.health', RENDERER_URL, {})).toMatchObject({ ok: false, status: 503, error: { code: 'INTEROP_ENGINE_UNAVAILABLE' } });
    dispose();
  });

  it('removes its handlers when disposed', () => {
    ipc.dispose();
    expect(ipc.ipcMain.handlers.size).toBe(0);
  });
});
