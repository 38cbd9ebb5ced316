import { IPC_EVENT_CHANNEL, ipcChannelOf } from '../../src-shared/bridge';
import { operationNames, type Result } from '../../src-shared';
import type { EngineClient } from './engine-client';

/** The slice of Electron's ipcMain this adapter needs; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
}

export interface IpcTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export interface IpcAdapterOptions {
  ipcMain: IpcMainLike;
  /** The engine in this process or in its own: IPC neither knows nor cares which. */
  engine: EngineClient;
  isTrustedSender: (frameUrl: string) => boolean;
  target: IpcTarget;
}

const untrusted: Result<never> = { ok: false, status: 403, error: { code: 'INTEROP_IPC_UNTRUSTED_SENDER', message: 'This window may not call the engine' } };

/** Serves every operation of the contract as `api:<operation>`, answering a Result (nothing throws across IPC). */
export function registerIpc(options: IpcAdapterOptions): () => void {
  const { ipcMain, engine } = options;
  for (const name of operationNames) {
    ipcMain.handle(ipcChannelOf(name), async (event, input) => {
      const url = event.senderFrame?.url;
      if (url === undefined || !options.isTrustedSender(url)) return untrusted;
      return engine.call(name, input);
    });
  }
  const unsubscribe = engine.onChange((change) => {
    if (!options.target.isDestroyed()) options.target.send(IPC_EVENT_CHANNEL, change);
  });
  return () => {
    unsubscribe();
    for (const name of operationNames) ipcMain.removeHandler(ipcChannelOf(name));
  };
}
