import { bootstrap } from './bootstrap';
import { createLogger } from './core/logger';
import { desktopEngineConfig } from './engine-channel/desktop-engine-config';
import { runEngineProcess, type EnginePort } from './engine-channel/serve-engine';
import type { FromEngine } from './engine-channel/protocol';

/**
 * The desktop's engine process: an Electron utility process started by the desktop's main process (index.ts),
 * serving the engine channel over `process.parentPort`. Under plain Node (the contract tests) the same code
 * runs as a forked child and speaks over its IPC channel instead.
 */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function parentChannel(): EnginePort {
  const parentPort = (process as { parentPort?: ParentPortLike | null }).parentPort;
  if (parentPort) {
    return {
      post: (message: FromEngine) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onParentGone: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('engine-process must be started by the desktop app (a utility process) or forked with an IPC channel');
  return {
    post: (message: FromEngine) => void send(message),
    onMessage: (listener) => process.on('message', listener),
    onParentGone: (listener) => void process.once('disconnect', listener),
  };
}

const logger = createLogger(process.env.INTEROP_LOG_LEVEL === 'debug' ? 'debug' : 'info', (line) => process.stderr.write(`${line}\n`));
runEngineProcess({
  port: parentChannel(),
  boot: (start) => bootstrap(desktopEngineConfig(start, process.env, logger)),
  exit: (code) => process.exit(code),
  logger,
});
