import type { Logger } from '../core/logger';
import type { JobKind } from '../jobs/runner';
import { diskLevel, refusesForDisk, resumeFreeBytes, type DiskLevel } from './disk-guard-rule';

export const DISK_GUARD_KIND = 'store-disk-guard';
/** The code intake refuses with (AR, ERR 207) and records on the refused message while the disk is low. */
export const STORE_DISK_SPACE_LOW = 'STORE_DISK_SPACE_LOW';

export interface DiskRefusal {
  freeBytes: number | null;
  minFreeBytes: number;
}

export interface DiskGuard {
  /** The cached decision (no IO): why intake refuses now, or undefined while it accepts. */
  refusal(): DiskRefusal | undefined;
  /** Reads the free space now and decides (the runner's kind does this every second). */
  check(): void;
  kind: JobKind;
}

export interface DiskGuardDeps {
  freeBytes: () => number | null;
  minFreeBytes: () => number;
  logger: Logger;
  /** The decision changed (listeners, the console's health badge). */
  onChange?: (refusing: boolean) => void;
  /** The alert level changed (disk-guard-rule.ts diskLevel): the disk_space_low alert follows it. */
  onLevel?: (level: DiskLevel, last: DiskRefusal) => void;
  intervalMs?: number;
}

/**
 * The free-disk guard: the runner reads the data directory's free space every second (statfs) and intake
 * reads only the cached decision per frame, so the hot path does no IO for it.
 */
export function createDiskGuard(deps: DiskGuardDeps): DiskGuard {
  let refusing = false;
  // Unknown until the first check, which always reports: an alert left open by the last run is resolved once the disk is fine.
  let level: DiskLevel | undefined;
  let last: DiskRefusal = { freeBytes: null, minFreeBytes: 0 };
  const check = (): void => {
    const minFreeBytes = deps.minFreeBytes();
    const freeBytes = deps.freeBytes();
    last = { freeBytes, minFreeBytes };
    const next = refusesForDisk(refusing, freeBytes, minFreeBytes);
    const nextLevel = diskLevel(level ?? 'ok', next, freeBytes, minFreeBytes);
    if (nextLevel !== level) {
      level = nextLevel;
      deps.onLevel?.(level, last);
    }
    if (next === refusing) return;
    refusing = next;
    if (next) deps.logger.log('error', 'intake refuses messages: free disk space is below the floor', { freeBytes: freeBytes ?? undefined, minFreeBytes });
    else deps.logger.log('info', 'intake accepts messages again: free disk space is back', { freeBytes: freeBytes ?? undefined, resumeAt: resumeFreeBytes(minFreeBytes) });
    deps.onChange?.(next);
  };
  return {
    refusal: () => (refusing ? last : undefined),
    check,
    kind: {
      kind: DISK_GUARD_KIND,
      intervalMs: deps.intervalMs ?? 1_000,
      resume: () => check(),
      tick() {
        check();
        return 'idle';
      },
    },
  };
}
