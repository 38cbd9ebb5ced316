import { fhirFailure } from '../outcome';

/** What the expiry rules need of an export or import job. */
export interface BulkFileOwner {
  id: string;
  status: string;
  /** When the job's links stop working; null while it runs. */
  expiresAt: number | null;
  /** When the sweep deleted its files. */
  prunedAt: number | null;
}

const ACTIVE = new Set(['accepted', 'in-progress']);

/** Jobs whose files the sweep deletes now: finished, expired and not yet pruned. A running job's files are never deleted. */
export function jobsToPrune(owners: readonly BulkFileOwner[], now: number): string[] {
  return owners.filter((o) => !ACTIVE.has(o.status) && o.prunedAt === null && o.expiresAt !== null && o.expiresAt <= now).map((o) => o.id);
}

/** Throws the 404 of an expired link; the same rule serves export files and import error files. */
export function assertLinkLive(owner: BulkFileOwner, now: number, what: string): void {
  if (owner.prunedAt !== null || (owner.expiresAt ?? 0) <= now) throw fhirFailure('not_found', 'not-found', `The links of ${what} ${owner.id} have expired`);
}
