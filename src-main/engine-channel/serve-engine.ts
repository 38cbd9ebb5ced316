import type { Result } from '../../src-shared';
import type { Engine } from '../bootstrap';
import type { Logger } from '../core/logger';
import { desktopContext } from '../electron/in-process-engine-client';
import { engineUnavailable } from './channel-engine-client';
import { isToEngine, type FromEngine, type StartMessage } from './protocol';

/** The engine process's end of the channel: Electron's parentPort, or a Node child's IPC channel. */
export interface EnginePort {
  post(message: FromEngine): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent is gone (a Node child's IPC channel closed); Electron ends a utility process with its parent. */
  onParentGone(listener: () => void): void;
}

export interface EngineProcessOptions {
  port: EnginePort;
  boot(start: StartMessage): Promise<Engine>;
  exit(code: number): void;
  logger: Logger;
}

const FAILED_FLUSH_MS = 200;

const internal = (): Result<never> => ({ ok: false, status: 500, error: { code: 'INTEROP_INTERNAL_ERROR', message: 'The engine failed to answer this call' } });

/**
 * The engine process: waits for its start message, boots the engine with it, says ready, then answers each
 * call as the desktop operator and forwards change events, until `stop` (or its parent going) stops the
 * engine gracefully and ends the process. Messages that fail the protocol's guards are dropped.
 */
export function runEngineProcess(options: EngineProcessOptions): void {
  const { port } = options;
  const run: { engine?: Engine; starting?: boolean; stopping?: boolean } = {};

  const stop = (): void => {
    if (run.stopping) return;
    run.stopping = true;
    if (!run.engine) {
      if (!run.starting) options.exit(0);
      return;
    }
    run.engine.stop().then(
      () => options.exit(0),
      () => options.exit(1),
    );
  };

  async function start(message: StartMessage): Promise<void> {
    run.starting = true;
    try {
      const engine = await options.boot(message);
      run.engine = engine;
      engine.changes.subscribe((change) => port.post({ type: 'change', change }));
      port.post({ type: 'ready' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.logger.log('error', 'engine process cannot start', { error: reason });
      port.post({ type: 'failed', message: reason });
      // Ending at once could drop the message still on its way to main, which shows it to the person.
      setTimeout(() => options.exit(1), FAILED_FLUSH_MS);
      return;
    }
    if (run.stopping) {
      run.stopping = false;
      stop();
    }
  }

  const answer = (id: number, result: Result<unknown>): void => {
    try {
      port.post({ type: 'result', id, result });
    } catch (error) {
      // A value the port cannot clone: the caller still gets an answer, the log its type.
      options.logger.log('error', 'engine channel result not sent', { error: error instanceof Error ? error.name : typeof error });
      port.post({ type: 'result', id, result: internal() });
    }
  };

  port.onMessage((message) => {
    if (!isToEngine(message)) {
      options.logger.log('warn', 'engine channel message refused', { type: typeof message === 'object' && message !== null ? String((message as { type?: unknown }).type) : typeof message });
      return;
    }
    if (message.type === 'start') {
      if (!run.starting) void start(message);
    } else if (message.type === 'stop') {
      stop();
    } else {
      const engine = run.engine;
      if (!engine) return answer(message.id, engineUnavailable('it has not started yet'));
      void engine.dispatcher
        .dispatch(message.name, message.input, desktopContext(engine.tenantId))
        .catch(internal)
        .then((result) => answer(message.id, result));
    }
  });
  port.onParentGone(stop);
}
