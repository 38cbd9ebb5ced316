import type { EngineChild, EngineExit, EngineReady } from '../supervisor/engine-supervisor';
import type { ChannelEngineClient } from './channel-engine-client';
import { isFromEngine, type StartMessage, type ToEngine } from './protocol';

/** A process at the other end of the engine channel, as its parent sees it: Electron's utility process or a Node child. */
export interface ChannelProcess {
  readonly pid: number | undefined;
  post(message: ToEngine): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: EngineExit) => void): void;
  /** Ends it at once (after a graceful stop was asked for and not honoured, or when it cannot be reached). */
  kill(): void;
}

/** The desktop engine serves no HTTP: its ready carries no address (the supervisor keeps no port for it). */
const NO_ADDRESS: EngineReady = { url: '', port: 0 };

/**
 * One engine process as the supervisor sees it, speaking the engine channel: it is sent its start message
 * first, becomes the client's engine once it says ready, hands the client its results and change events,
 * and disconnects the client when it ends (calls in flight answer 503). `stop` asks it to stop gracefully.
 */
export function channelEngineChild(proc: ChannelProcess, start: StartMessage, client: ChannelEngineClient, onFailed?: (message: string) => void): EngineChild {
  let exited = false;
  const readyListeners: ((ready: EngineReady) => void)[] = [];
  proc.onMessage((message) => {
    if (!isFromEngine(message)) return;
    if (message.type === 'ready') {
      client.connect((call) => proc.post(call));
      for (const listener of readyListeners) listener(NO_ADDRESS);
    } else if (message.type === 'failed') {
      onFailed?.(message.message);
    } else {
      client.receive(message);
    }
  });
  proc.onExit(() => {
    exited = true;
    client.disconnect();
  });
  proc.post(start);
  return {
    get pid() {
      return proc.pid;
    },
    onReady: (listener) => void readyListeners.push(listener),
    onExit: (listener) => proc.onExit(listener),
    stop() {
      if (exited) return;
      try {
        proc.post({ type: 'stop' });
      } catch {
        proc.kill();
      }
    },
  };
}
