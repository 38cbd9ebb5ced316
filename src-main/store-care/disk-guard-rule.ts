/** Pure: when intake refuses messages for lack of disk space, with hysteresis so it does not flap. */

/** Intake accepts again once this much more than the floor is free (10%, at least 16 MB). */
export const resumeFreeBytes = (minFreeBytes: number): number => minFreeBytes + Math.max(Math.round(minFreeBytes * 0.1), 16 * 1024 * 1024);

/**
 * Whether intake refuses: it starts refusing when less than `minFreeBytes` is free and goes on refusing
 * until `resumeFreeBytes(minFreeBytes)` is free. Unknown free space changes nothing; a floor of 0 never refuses.
 */
export function refusesForDisk(refusing: boolean, freeBytes: number | null, minFreeBytes: number): boolean {
  if (minFreeBytes <= 0) return false;
  if (freeBytes === null) return refusing;
  return refusing ? freeBytes < resumeFreeBytes(minFreeBytes) : freeBytes < minFreeBytes;
}

/** How loud the disk's state is: `low` under twice the floor (an alert before intake refuses), `refusing` while intake refuses. */
export type DiskLevel = 'ok' | 'low' | 'refusing';

/**
 * The level of the free-disk alert. `low` starts under twice the floor and ends only above twice the
 * resume mark's margin, so a disk hovering at the edge raises one alert, not one a second.
 */
export function diskLevel(previous: DiskLevel, refusing: boolean, freeBytes: number | null, minFreeBytes: number): DiskLevel {
  if (refusing) return 'refusing';
  if (minFreeBytes <= 0) return 'ok';
  if (freeBytes === null) return previous === 'refusing' ? 'low' : previous;
  const warnBelow = 2 * minFreeBytes;
  const clearAbove = warnBelow + (resumeFreeBytes(minFreeBytes) - minFreeBytes);
  if (freeBytes < warnBelow) return 'low';
  return previous !== 'ok' && freeBytes < clearAbove ? 'low' : 'ok';
}
