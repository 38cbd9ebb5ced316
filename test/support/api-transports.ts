import { ipcChannelOf } from '../../src-shared/bridge';
import { operations, type OperationName, type Result } from '../../src-shared';
import { registerIpc, type IpcInvokeEventLike, type IpcMainLike } from '../../src-main/api/ipc';
import type { Engine } from '../../src-main/bootstrap';
import { inProcessEngineClient } from '../../src-main/electron/in-process-engine-client';
import { buildRequest } from '../../src-renderer/src/api/http-transport';

export interface Answer {
  status: number;
  body: unknown;
}

export interface TestTransport {
  name: string;
  call(operation: OperationName, input: Record<string, unknown>): Promise<Answer>;
}

/** Calls an operation the way the browser console does, with the renderer's own request builder. */
export function httpTransport(baseUrl: string, headers: Record<string, string> = {}): TestTransport {
  return {
    name: 'http',
    async call(operation, input) {
      const request = buildRequest(operation, input);
      const response = await fetch(new URL(request.url, baseUrl), {
        method: request.method,
        headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frameUrl: string, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: { url: frameUrl } }, input);
  }
}

export const RENDERER_URL = 'file:///app/out/renderer/index.html';

/** Calls an operation the way the Electron renderer does, through the real IPC adapter on a fake ipcMain. */
export function ipcTransport(engine: Engine): TestTransport & { ipcMain: FakeIpcMain; sent: unknown[]; dispose: () => void } {
  const ipcMain = new FakeIpcMain();
  const sent: unknown[] = [];
  const dispose = registerIpc({
    ipcMain,
    engine: inProcessEngineClient(engine),
    isTrustedSender: (url) => url.startsWith(RENDERER_URL),
    target: { send: (_channel, payload) => sent.push(payload), isDestroyed: () => false },
  });
  return {
    name: 'ipc',
    ipcMain,
    sent,
    dispose,
    async call(operation, input) {
      const result = (await ipcMain.invoke(ipcChannelOf(operation), `${RENDERER_URL}#/connectors`, input)) as Result<unknown>;
      if (result.ok) return { status: operations[operation].http.successStatus ?? 200, body: result.value ?? null };
      return { status: result.status, body: { error: result.error } };
    },
  };
}

/** Both transports, for a table of behaviours run through each: the renderer must not know which it has. */
export const bothTransports: { name: string; make: (engine: Engine) => TestTransport }[] = [
  { name: 'http', make: (engine) => httpTransport(engine.url as string) },
  { name: 'ipc', make: (engine) => ipcTransport(engine) },
];
