import { IPC_EVENT_CHANNEL, ipcChannelOf } from '../../src-shared/bridge';
import { operationNames, type Result } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import type { RequestContext } from '../core/request-context';
import type { Dispatcher } from './dispatch';

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
  dispatcher: Dispatcher;
  changes: ChangeFeed;
  ctx: RequestContext;
  isTrustedSender: (frameUrl: string) => boolean;
  target: IpcTarget;
}

const untrusted: Result<never> = { ok: false, status: 403, error: { code: 'INTEROP_IPC_UNTRUSTED_SENDER', message: 'This window may not call the engine' } };

/** Serves every operation of the contract as `api:<operation>`, answering a Result (nothing throws across IPC). */
export function registerIpc(options: IpcAdapterOptions): () => void {
  const { ipcMain, dispatcher, ctx } = options;
  for (const name of operationNames) {
    ipcMain.handle(ipcChannelOf(name), async (event, input) => {
      const url = event.senderFrame?.url;
      if (url === undefined || !options.isTrustedSender(url)) return untrusted;
      return dispatcher.dispatch(name, input, ctx);
    });
  }
  const unsubscribe = options.changes.subscribe((change) => {
    if (!options.target.isDestroyed()) options.target.send(IPC_EVENT_CHANNEL, change);
  });
  return () => {
    unsubscribe();
    for (const name of operationNames) ipcMain.removeHandler(ipcChannelOf(name));
  };
}
