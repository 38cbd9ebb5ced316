import { describe, expect, it } from 'vitest';
import { isEngineReadyMessage, supervisionEnv, supervisionFrom } from './supervision-env';

describe('supervision environment', () => {
  it('carries the restart count and how the last process ended to the next one', () => {
    const lastExit = { code: null, signal: 'SIGKILL', at: 1_700_000_000_000, uptimeMs: 4_000 };
    expect(supervisionFrom(supervisionEnv({ port: 7300, restarts: 2, lastExit }))).toEqual({ restarts: 2, lastExit });
    expect(supervisionFrom(supervisionEnv({ port: undefined, restarts: 0, lastExit: undefined }))).toEqual({ restarts: 0, lastExit: undefined });
  });

  it('says an engine started on its own is not supervised, and ignores values it cannot read', () => {
    expect(supervisionFrom({})).toBeUndefined();
    expect(supervisionFrom({ INTEROP_SUPERVISOR_RESTARTS: 'x' })).toBeUndefined();
    expect(supervisionFrom({ INTEROP_SUPERVISOR_RESTARTS: '1', INTEROP_SUPERVISOR_LAST_EXIT: '{not json' })).toEqual({ restarts: 1, lastExit: undefined });
  });

  it('knows the ready message by its shape', () => {
    expect(isEngineReadyMessage({ type: 'engine-ready', url: 'http://127.0.0.1:1/', port: 1 })).toBe(true);
    expect(isEngineReadyMessage({ type: 'engine-ready', url: 'x' })).toBe(false);
    expect(isEngineReadyMessage('engine-ready')).toBe(false);
  });
});
