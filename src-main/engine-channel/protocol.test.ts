import { describe, expect, it } from 'vitest';
import { isFromEngine, isToEngine } from './protocol';

const supervision = { restarts: 0, lastExit: undefined };

describe('engine channel guards', () => {
  it('accepts a start message with a data directory and supervision, with or without a data key and binding', () => {
    expect(isToEngine({ type: 'start', dataDir: '/data', supervision })).toBe(true);
    expect(isToEngine({ type: 'start', dataDir: '/data', dataKey: 'a2V5', nativeBinding: '/b.node', supervision: { restarts: 2, lastExit: { code: null, signal: 'SIGKILL', at: 1, uptimeMs: 5 } } })).toBe(true);
  });

  it('refuses a start message without a data directory, with a non-string key, or with malformed supervision', () => {
    expect(isToEngine({ type: 'start', dataDir: '', supervision })).toBe(false);
    expect(isToEngine({ type: 'start', dataDir: '/data', dataKey: 42, supervision })).toBe(false);
    expect(isToEngine({ type: 'start', dataDir: '/data', supervision: { restarts: -1 } })).toBe(false);
    expect(isToEngine({ type: 'start', dataDir: '/data', supervision: { restarts: 1, lastExit: { code: 'x', signal: null, at: 1, uptimeMs: 1 } } })).toBe(false);
  });

  it('accepts calls only for operations of the contract, with a non-negative integer id', () => {
    expect(isToEngine({ type: 'call', id: 0, name: 'system.health', input: {} })).toBe(true);
    expect(isToEngine({ type: 'call', id: 1, name: 'system.shell', input: {} })).toBe(false);
    expect(isToEngine({ type: 'call', id: -1, name: 'system.health', input: {} })).toBe(false);
    expect(isToEngine({ type: 'call', id: 1.5, name: 'system.health', input: {} })).toBe(false);
    expect(isToEngine({ type: 'call', name: 'system.health', input: {} })).toBe(false);
  });

  it('refuses what is not a message of the channel', () => {
    for (const message of [null, undefined, 'stop', 7, [], { type: 'exec' }, { kind: 'stop' }]) expect(isToEngine(message)).toBe(false);
    expect(isToEngine({ type: 'stop' })).toBe(true);
  });

  it('accepts results that are Results, and refuses malformed ones', () => {
    expect(isFromEngine({ type: 'result', id: 3, result: { ok: true, value: { status: 'ok' } } })).toBe(true);
    expect(isFromEngine({ type: 'result', id: 3, result: { ok: true } })).toBe(true);
    expect(isFromEngine({ type: 'result', id: 3, result: { ok: false, status: 404, error: { code: 'X', message: 'm' } } })).toBe(true);
    expect(isFromEngine({ type: 'result', id: 3, result: { ok: false, status: 404, error: { message: 'm' } } })).toBe(false);
    expect(isFromEngine({ type: 'result', id: 3, result: { ok: 'yes' } })).toBe(false);
    expect(isFromEngine({ type: 'result', result: { ok: true, value: 1 } })).toBe(false);
  });

  it('accepts ready, failed and change events, and refuses a change without a topic', () => {
    expect(isFromEngine({ type: 'ready' })).toBe(true);
    expect(isFromEngine({ type: 'failed', message: 'the data directory is in use' })).toBe(true);
    expect(isFromEngine({ type: 'failed' })).toBe(false);
    expect(isFromEngine({ type: 'change', change: { topic: 'connectors', id: 'CONN_1' } })).toBe(true);
    expect(isFromEngine({ type: 'change', change: { id: 'CONN_1' } })).toBe(false);
    expect(isFromEngine({ type: 'call', id: 1, name: 'system.health' })).toBe(false);
  });
});
