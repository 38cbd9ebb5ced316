import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { assertLinkLive, jobsToPrune, type BulkFileOwner } from './bulk-file-expiry';

const job = (id: string, status: string, expiresAt: number | null, prunedAt: number | null = null): BulkFileOwner => ({ id, status, expiresAt, prunedAt });

describe('jobsToPrune', () => {
  it('picks finished jobs whose links expired and that were not pruned yet', () => {
    const owners = [job('done-expired', 'complete', 100), job('done-live', 'complete', 101), job('failed-expired', 'failed', 50), job('already', 'complete', 10, 20), job('exactly-now', 'complete', 100)];
    expect(jobsToPrune(owners, 100)).toEqual(['done-expired', 'failed-expired', 'exactly-now']);
  });

  it('never picks a job that is still running, whatever its expiry says', () => {
    expect(jobsToPrune([job('running', 'in-progress', 1), job('queued', 'accepted', 1), job('no-expiry', 'complete', null)], 1e12)).toEqual([]);
  });
});

describe('assertLinkLive', () => {
  it('answers 404 once the link expired or the files were pruned', () => {
    expect(() => assertLinkLive(job('a', 'complete', 200), 100, 'export')).not.toThrow();
    for (const dead of [job('b', 'complete', 100), job('c', 'complete', 200, 50), job('d', 'complete', null)]) {
      expect(() => assertLinkLive(dead, 100, 'export')).toThrow(AppError);
    }
  });
});
