import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IPC_FILE_OPENED_EVENT, IPC_OPENED_FILE_CHANNEL } from '../../src-shared/bridge';
import type { IpcInvokeEventLike } from '../api/ipc';
import { notifyFileOpened, openedFilesOfApp } from './opened-files-app';
import type { OpenedFileSystem } from './opened-files';

const MSH = 'MSH|^~\\&|LAB|F|EHR|F|20260101||ADT^A01|1|P|2.5.1\r';
const fs: OpenedFileSystem = {
  async stat(path) {
    if (!path.endsWith('.hl7')) throw new Error('ENOENT');
    return { isFile: () => true, size: MSH.length };
  },
  readFile: async () => Buffer.from(MSH),
};

/** Electron's ipcMain as the opener uses it: handlers by channel, invoked like the renderer would. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    handle: (channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
    invokeFrom: (url: string) => handlers.get(IPC_OPENED_FILE_CHANNEL)?.({ senderFrame: { url } }),
  };
}

describe('the desktop .hl7 file association', () => {
  it('takes a file macOS opened before the app was ready and shows the inspector once the window can be shown', async () => {
    const app = new EventEmitter();
    const opened = openedFilesOfApp({ app, fs, onRefused: () => undefined });
    let prevented = false;
    app.emit('open-file', { preventDefault: () => (prevented = true) }, '/Users/op/A01.hl7');
    await new Promise((r) => setImmediate(r));
    expect(prevented).toBe(true);
    let shown = 0;
    expect(await opened.ready(() => (shown += 1), ['/Applications/Interop Console.app/Contents/MacOS/Interop Console'], '/')).toBe(true);
    expect(shown).toBe(1);
    const ipcMain = fakeIpcMain();
    opened.registerIpc(ipcMain, (url) => url.startsWith('file:///app/'));
    expect(await ipcMain.invokeFrom('file:///app/index.html#/inspect')).toEqual({ name: 'A01.hl7', text: MSH });
    expect(await ipcMain.invokeFrom('file:///app/index.html#/inspect')).toBeNull();
  });

  it('opens the first launch\'s and a second launch\'s .hl7 arguments, showing the inspector for each, and starts as usual without one', async () => {
    const plain = openedFilesOfApp({ app: new EventEmitter(), fs, onRefused: () => undefined });
    expect(await plain.ready(() => undefined, ['interop-console'], '/home/op')).toBe(false);

    const opened = openedFilesOfApp({ app: new EventEmitter(), fs, onRefused: () => undefined });
    let shown = 0;
    expect(await opened.ready(() => (shown += 1), ['interop-console', 'first.hl7'], '/home/op')).toBe(true);
    await opened.secondInstance(['interop-console', '--allow-file-access-from-files', 'second.hl7'], '/tmp');
    expect(shown).toBe(2);
    const ipcMain = fakeIpcMain();
    const unregister = opened.registerIpc(ipcMain, () => true);
    expect(await ipcMain.invokeFrom('file:///app/index.html')).toMatchObject({ name: 'first.hl7' });
    expect(await ipcMain.invokeFrom('file:///app/index.html')).toMatchObject({ name: 'second.hl7' });
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('gives a waiting file to no window but the console\'s own, and leaves it waiting', async () => {
    const opened = openedFilesOfApp({ app: new EventEmitter(), fs, onRefused: () => undefined });
    await opened.ready(() => undefined, ['app', '/a.hl7'], '/');
    const ipcMain = fakeIpcMain();
    opened.registerIpc(ipcMain, (url) => url.startsWith('file:///app/'));
    expect(await ipcMain.invokeFrom('https://attacker.example/')).toBeNull();
    expect(await ipcMain.handlers.get(IPC_OPENED_FILE_CHANNEL)?.({ senderFrame: null })).toBeNull();
    expect(await ipcMain.invokeFrom('file:///app/index.html')).toMatchObject({ name: 'a.hl7' });
  });

  it('tells a live window that a file was opened, and a destroyed one nothing', () => {
    const sent: string[] = [];
    notifyFileOpened({ send: (channel) => sent.push(channel), isDestroyed: () => false });
    notifyFileOpened({ send: (channel) => sent.push(channel), isDestroyed: () => true });
    expect(sent).toEqual([IPC_FILE_OPENED_EVENT]);
  });
});
