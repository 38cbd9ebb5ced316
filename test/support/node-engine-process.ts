import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChannelProcess } from '../../src-main/engine-channel/channel-engine-child';
import { REPO_ROOT } from './headless-process';

/** The desktop's engine-process entry, from source. */
export const ENGINE_PROCESS_ENTRY = join(REPO_ROOT, 'src-main', 'engine-process.ts');

/**
 * The desktop engine process as a real Node child (tsx for the TypeScript entry) speaking the engine channel
 * over its IPC channel, cloning messages the structured way as Electron's utility-process port does.
 */
export function forkNodeEngineProcess(): ChannelProcess {
  const child = fork(ENGINE_PROCESS_ENTRY, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    get pid() {
      return child.pid;
    },
    post: (message) => {
      if (!child.connected) throw new Error('engine process channel closed');
      child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    kill: () => child.kill('SIGKILL'),
  };
}
