import type { UtilityProcess } from 'electron';
import type { ChannelEngineClient } from '../engine-channel/channel-engine-client';
import { channelEngineChild } from '../engine-channel/channel-engine-child';
import type { StartMessage } from '../engine-channel/protocol';
import type { EngineChild } from '../supervisor/engine-supervisor';

/** The slice of Electron's utilityProcess this adapter needs. */
export interface UtilityProcessForker {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore' }): UtilityProcess;
}

/**
 * The desktop engine as an Electron utility process (a Node process of Electron's, with no window and no
 * access to the renderer): engine-process.js, told everything it needs in its start message over its
 * port. Its output is the app's; it ends with the app.
 */
export function forkUtilityEngineChild(utilityProcess: UtilityProcessForker, entry: string, start: StartMessage, client: ChannelEngineClient, onFailed: (message: string) => void): EngineChild {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Interop Console engine', stdio: 'inherit' });
  let exited = false;
  child.once('exit', () => (exited = true));
  return channelEngineChild(
    {
      get pid() {
        return child.pid;
      },
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener({ code, signal: null })),
      kill: () => {
        if (!exited) child.kill();
      },
    },
    start,
    client,
    onFailed,
  );
}
