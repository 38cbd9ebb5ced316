import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from './core/logger';
import { USAGE, parseHeadlessArgs } from './headless-args';
import { createEngineSupervisor, describeExit, type SupervisorState } from './supervisor/engine-supervisor';
import { forkEngineChild } from './supervisor/node-engine-child';
import { DEFAULT_RESTART_POLICY } from './supervisor/restart-policy';

/**
 * `npm run serve` / `npm start` without Electron: the headless engine in a child process of its own
 * (headless.js, the same entry run unsupervised), restarted with backoff when it dies, so a crash or a
 * kill never leaves the site without intake. Signals stop it gracefully.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const parsed = parseHeadlessArgs(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(`interop-console: ${parsed.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if ('help' in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logger = createLogger('info', (line) => process.stderr.write(`${line}\n`));
  const entry = join(dirname(fileURLToPath(import.meta.url)), 'headless.js');
  const supervisor = createEngineSupervisor({
    spawn: (request) => forkEngineChild(entry, argv, request),
    policy: DEFAULT_RESTART_POLICY,
    now: Date.now,
    schedule: (delayMs, run) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    },
    onState: (state) => report(state),
  });
  const report = (state: SupervisorState): void => {
    const lastExit = state.lastExit ? describeExit(state.lastExit) : undefined;
    if (state.phase === 'restarting' && state.lastExit && state.nextStartAt !== undefined) {
      logger.log('warn', 'engine process stopped unexpectedly; restarting', { exit: lastExit, uptimeSeconds: Math.round(state.lastExit.uptimeMs / 1000), restartInMs: state.nextStartAt - state.lastExit.at });
    } else if (state.phase === 'running' && state.restarts > 0) {
      logger.log('info', 'engine process restarted', { pid: state.pid, restarts: state.restarts });
    } else if (state.phase === 'gave-up') {
      logger.log('error', 'engine process keeps stopping; not restarting it again', { exit: lastExit, restarts: state.restarts });
      process.exitCode = 1;
    }
  };

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'stopping', { signal });
    void supervisor.stop().then((exit) => process.exit(exit.code ?? 1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Once it gave up nothing is left running, so the process ends on its own with exit code 1.

  const outcome = await supervisor.start();
  // The engine process said why on the shared stderr; its exit code is ours.
  if (!outcome.started) process.exit(outcome.exit.code ?? 1);
}

void main();
