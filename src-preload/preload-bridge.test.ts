import { beforeAll, describe, expect, it, vi } from 'vitest';
import { operationNames } from '../src-shared';
import { IPC_DESKTOP_CHOICES_CHANGE, IPC_DESKTOP_CHOICES_VIEW, IPC_EVENT_CHANNEL, IPC_FILE_OPENED_EVENT, IPC_OPENED_FILE_CHANNEL, IPC_UPDATES_CHECK, IPC_UPDATES_CONFIGURE, IPC_UPDATES_VIEW } from '../src-shared/bridge';

/** Electron's preload API as the sandboxed preload sees it, recorded: what is exposed, what is invoked, who listens. */
const exposed = new Map<string, unknown>();
const invoked: { channel: string; args: unknown[] }[] = [];
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => (invoked.push({ channel, args }), { ok: true, value: 'answered' }),
    on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
  },
}));

interface Bridge {
  call(operation: string, input: unknown): Promise<unknown>;
  on(listener: (event: unknown) => void): () => void;
  takeOpenedFile(): Promise<unknown>;
  onFileOpened(listener: (...args: unknown[]) => void): () => void;
  updateView(): Promise<unknown>;
  configureUpdates(settings: unknown): Promise<unknown>;
  checkForUpdates(): Promise<unknown>;
  desktopChoices(): Promise<unknown>;
  changeDesktopChoices(change: unknown): Promise<unknown>;
}

describe('the preload bridge', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    await import('./index');
    bridge = exposed.get('interop') as Bridge;
  });

  it('exposes one object, window.interop, with exactly call, on, the opened-file pair, the update channel trio and the desktop choices pair', () => {
    expect([...exposed.keys()]).toEqual(['interop']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'changeDesktopChoices', 'checkForUpdates', 'configureUpdates', 'desktopChoices', 'on', 'onFileOpened', 'takeOpenedFile', 'updateView']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  it('hands the renderer nothing of Electron or Node: no ipcRenderer, require, process or other objects', () => {
    const values = Object.values(bridge);
    expect(values.every((v) => typeof v === 'function')).toBe(true);
    for (const key of ['ipcRenderer', 'require', 'process', 'invoke', 'send', 'sendSync', 'contextBridge', 'webFrame', 'shell']) expect(bridge).not.toHaveProperty(key);
  });

  it('invokes only the allow-listed operations, each on its own channel', async () => {
    invoked.length = 0;
    await expect(bridge.call(operationNames[0]!, { a: 1 })).resolves.toEqual({ ok: true, value: 'answered' });
    expect(invoked).toEqual([{ channel: `api:${operationNames[0]}`, args: [{ a: 1 }] }]);
  });

  it('refuses an operation that is not in the contract without reaching the main process', async () => {
    invoked.length = 0;
    for (const name of ['shell.openExternal', '../api:system.health', 'constructor', '__proto__', 'api:connectors.list']) {
      await expect(bridge.call(name, {})).resolves.toMatchObject({ ok: false, status: 404, error: { code: 'INTEROP_UNKNOWN_OPERATION' } });
    }
    expect(invoked).toEqual([]);
  });

  it('passes change events to the listener without the IPC event object, and unsubscribes', () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.on((event) => received.push(event));
    const [listener] = listeners.get(IPC_EVENT_CHANNEL) ?? [];
    listener?.({ sender: 'ipc-event-with-sender' }, { kind: 'connector', id: 'CONN_1' });
    expect(received).toEqual([{ kind: 'connector', id: 'CONN_1' }]);
    unsubscribe();
    expect(listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
    expect([...listeners.keys()]).toEqual([IPC_EVENT_CHANNEL]);
  });

  it('takes an opened file on its one channel with no input, and says a file was opened without the IPC event object', async () => {
    invoked.length = 0;
    await bridge.takeOpenedFile();
    expect(invoked).toEqual([{ channel: IPC_OPENED_FILE_CHANNEL, args: [] }]);
    const calls: unknown[][] = [];
    const unsubscribe = bridge.onFileOpened((...args) => calls.push(args));
    const [listener] = listeners.get(IPC_FILE_OPENED_EVENT) ?? [];
    listener?.({ sender: 'ipc-event-with-sender' }, null);
    expect(calls).toEqual([[]]);
    unsubscribe();
    expect(listeners.get(IPC_FILE_OPENED_EVENT)?.size).toBe(0);
  });

  it('reaches the update channel on its three channels only, passing the settings and nothing else', async () => {
    invoked.length = 0;
    await bridge.updateView();
    await bridge.configureUpdates({ enabled: true, feedUrl: 'https://u.example.org', channel: 'beta' });
    await bridge.checkForUpdates();
    expect(invoked).toEqual([
      { channel: IPC_UPDATES_VIEW, args: [] },
      { channel: IPC_UPDATES_CONFIGURE, args: [{ enabled: true, feedUrl: 'https://u.example.org', channel: 'beta' }] },
      { channel: IPC_UPDATES_CHECK, args: [] },
    ]);
  });

  it('reaches the desktop choices on their two channels only, passing the change and nothing else', async () => {
    invoked.length = 0;
    await bridge.desktopChoices();
    await bridge.changeDesktopChoices({ startAtLogin: false, closeToTray: true });
    expect(invoked).toEqual([
      { channel: IPC_DESKTOP_CHOICES_VIEW, args: [] },
      { channel: IPC_DESKTOP_CHOICES_CHANGE, args: [{ startAtLogin: false, closeToTray: true }] },
    ]);
  });
});
