import type { InteropBridge } from '@contract/bridge';
import { ErrorCode } from '@contract/error-codes';
import type { Transport } from './client';

declare global {
  interface Window {
    /** Exposed by the Electron preload script; absent when the console is served over HTTP. */
    interop?: InteropBridge;
  }
}

export function createIpcTransport(bridge: InteropBridge): Transport {
  return {
    async call(operation, input) {
      try {
        return await bridge.call(operation, input);
      } catch (error) {
        // Handlers answer with a Result and never throw; a rejection means the bridge itself failed.
        return { ok: false, status: 0, error: { code: ErrorCode.INTEROP_UNREACHABLE, message: error instanceof Error ? error.message : String(error) } };
      }
    },
    // The main process is always there, so nothing is missed between events and resync never fires.
    subscribe: (listener) => bridge.on((event) => listener.change(event)),
  };
}
