import { fork } from 'node:child_process';
import type { EngineChild, SpawnRequest } from './engine-supervisor';
import { isEngineReadyMessage, supervisionEnv } from './supervision-env';

/**
 * An engine process as a Node child process (the headless supervisor's): the same entry as
 * `npm run serve` without a supervisor, with the arguments it was given, the port the first process
 * bound once one did, and an IPC channel for its ready message. Its output is the supervisor's.
 */
export function forkEngineChild(entry: string, args: readonly string[], request: SpawnRequest): EngineChild {
  const argv = request.port === undefined ? [...args] : [...args, '--port', String(request.port)];
  const child = fork(entry, argv, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...supervisionEnv(request) } });
  return {
    pid: child.pid,
    onReady: (listener) =>
      child.on('message', (message) => {
        if (isEngineReadyMessage(message)) listener({ url: message.url, port: message.port });
      }),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
