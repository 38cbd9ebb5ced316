import type { ChangeEvent, Result } from '../../src-shared';
import type { EngineClient } from '../api/engine-client';
import type { CallMessage, FromEngine } from './protocol';

/** How long a call made while the engine process is (re)starting waits for it before answering 503. */
export const ENGINE_WAIT_MS = 15_000;

/**
 * Main's side of the engine channel: an EngineClient whose engine lives in another process that may die
 * and be restarted under it. A call never hangs: one in flight when the process ends answers
 * INTEROP_ENGINE_UNAVAILABLE at once (its outcome is unknown), one made while no process serves waits
 * up to `waitMs` for the next one and answers the same when none comes. Change listeners outlive restarts.
 */
export interface ChannelEngineClient extends EngineClient {
  /** An engine process said ready: calls go to it through `send` from now on. */
  connect(send: (message: CallMessage) => void): void;
  /** A message from the engine process (already checked with isFromEngine). */
  receive(message: FromEngine): void;
  /** The engine process ended: calls in flight answer 503; new calls wait for the next one. */
  disconnect(): void;
  /** No engine will come again (the app quits): waiting and new calls answer 503 at once. */
  close(): void;
}

export const engineUnavailable = (reason: string): Result<never> => ({ ok: false, status: 503, error: { code: 'INTEROP_ENGINE_UNAVAILABLE', message: `The engine is not running (${reason}); try again` } });

interface Waiter {
  run: (send: (message: CallMessage) => void) => void;
  cancel: () => void;
}

export function createChannelEngineClient(options: { waitMs?: number; schedule?: (delayMs: number, run: () => void) => () => void } = {}): ChannelEngineClient {
  const waitMs = options.waitMs ?? ENGINE_WAIT_MS;
  const schedule =
    options.schedule ??
    ((delayMs: number, run: () => void) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    });
  const inFlight = new Map<number, (result: Result<unknown>) => void>();
  const waiting = new Set<Waiter>();
  const listeners = new Set<(change: ChangeEvent) => void>();
  let send: ((message: CallMessage) => void) | undefined;
  let closed = false;
  let nextId = 0;

  const dispatch = (to: (message: CallMessage) => void, message: Omit<CallMessage, 'id'>, settle: (result: Result<unknown>) => void): void => {
    const id = nextId++;
    inFlight.set(id, settle);
    try {
      to({ ...message, id });
    } catch {
      // The port closed under us: the exit that follows disconnects; this call answers now.
      inFlight.delete(id);
      settle(engineUnavailable('its process ended'));
    }
  };

  return {
    call: (name, input) =>
      new Promise((settle) => {
        const message = { type: 'call', name, input } as const;
        if (closed) return settle(engineUnavailable('the app is quitting'));
        if (send) return dispatch(send, message, settle);
        const waiter: Waiter = {
          run: (to) => {
            stopTimer();
            dispatch(to, message, settle);
          },
          cancel: () => {
            stopTimer();
            settle(engineUnavailable('the app is quitting'));
          },
        };
        const stopTimer = schedule(waitMs, () => {
          waiting.delete(waiter);
          settle(engineUnavailable('it is restarting'));
        });
        waiting.add(waiter);
      }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect(to) {
      if (closed) return;
      send = to;
      const ready = [...waiting];
      waiting.clear();
      for (const waiter of ready) waiter.run(to);
    },
    receive(message) {
      if (message.type === 'result') {
        const settle = inFlight.get(message.id);
        inFlight.delete(message.id);
        settle?.(message.result);
      } else if (message.type === 'change') {
        for (const listener of listeners) listener(message.change);
      }
    },
    disconnect() {
      send = undefined;
      const lost = [...inFlight.values()];
      inFlight.clear();
      for (const settle of lost) settle(engineUnavailable('its process ended'));
    },
    close() {
      closed = true;
      send = undefined;
      for (const waiter of waiting) waiter.cancel();
      waiting.clear();
      const lost = [...inFlight.values()];
      inFlight.clear();
      for (const settle of lost) settle(engineUnavailable('the app is quitting'));
    },
  };
}
