import type { LastExit, SpawnRequest } from './engine-supervisor';

/** What a supervised engine process knows of its supervisor: how often it was restarted and how the last one ended. */
export interface Supervision {
  restarts: number;
  lastExit: LastExit | undefined;
}

const RESTARTS = 'INTEROP_SUPERVISOR_RESTARTS';
const LAST_EXIT = 'INTEROP_SUPERVISOR_LAST_EXIT';

/** The message an engine process sends its supervisor once it serves. */
export interface EngineReadyMessage {
  type: 'engine-ready';
  url: string;
  port: number;
}

export const isEngineReadyMessage = (message: unknown): message is EngineReadyMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'engine-ready' && typeof (message as { url?: unknown }).url === 'string' && typeof (message as { port?: unknown }).port === 'number';

/** The environment a supervisor hands the next engine process. */
export function supervisionEnv(request: SpawnRequest): Record<string, string> {
  return { [RESTARTS]: String(request.restarts), ...(request.lastExit ? { [LAST_EXIT]: JSON.stringify(request.lastExit) } : {}) };
}

/** Pure: the supervision an engine process was started under, or undefined when it runs on its own. */
export function supervisionFrom(env: Record<string, string | undefined>): Supervision | undefined {
  const restarts = Number(env[RESTARTS]);
  if (env[RESTARTS] === undefined || !Number.isInteger(restarts) || restarts < 0) return undefined;
  return { restarts, lastExit: lastExitFrom(env[LAST_EXIT]) };
}

function lastExitFrom(text: string | undefined): LastExit | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LastExit>;
    if (typeof value.at !== 'number' || typeof value.uptimeMs !== 'number') return undefined;
    return { at: value.at, uptimeMs: value.uptimeMs, code: typeof value.code === 'number' ? value.code : null, signal: typeof value.signal === 'string' ? value.signal : null };
  } catch {
    return undefined;
  }
}
