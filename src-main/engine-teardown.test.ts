import { describe, expect, it } from 'vitest';
import { teardown, type EngineParts } from './engine-teardown';

function recordingParts(calls: string[], failing?: string): Required<EngineParts> {
  const step = (name: string) => async () => {
    calls.push(name);
    if (name === failing) throw new Error(`${name} failed`);
  };
  return {
    preloading: Object.assign(new AbortController(), { abort: () => void calls.push('preload') }) as AbortController,
    http: { close: step('http') },
    listeners: { stopAll: step('listeners') },
    intake: { drain: step('intake') },
    background: { stop: step('background') },
    processing: { close: step('processing') },
    filing: { close: step('filing') },
    metrics: { flush: () => void calls.push('metrics') },
    walSync: { close: step('wal') },
    store: { close: () => void calls.push('store') },
    journal: { close: () => void calls.push('journal') },
    lock: { release: () => void calls.push('lock') },
  };
}

describe('engine teardown', () => {
  it('stops accepting, stops listeners, drains intake, stops background work, the processing and filing threads, writes the pending metrics, closes the WAL syncer, the store and the intake journal, then releases the lock', async () => {
    const calls: string[] = [];
    await teardown(recordingParts(calls));
    expect(calls).toEqual(['preload', 'http', 'listeners', 'intake', 'background', 'processing', 'filing', 'metrics', 'wal', 'store', 'journal', 'lock']);
  });

  it('runs every later step when one fails, and throws that failure at the end', async () => {
    const calls: string[] = [];
    await expect(teardown(recordingParts(calls, 'intake'))).rejects.toThrow('intake failed');
    expect(calls).toEqual(['preload', 'http', 'listeners', 'intake', 'background', 'processing', 'filing', 'metrics', 'wal', 'store', 'journal', 'lock']);
  });

  it('closes only what a half-started engine had opened', async () => {
    const calls: string[] = [];
    const { store, lock } = recordingParts(calls);
    await teardown({ store, lock });
    expect(calls).toEqual(['store', 'lock']);
  });
});
