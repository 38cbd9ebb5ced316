import { createHash } from 'node:crypto';

/** The fields of an audit row that its hash covers, as stored (details as its JSON text). */
export interface ChainedFields {
  id: string;
  seq: number;
  tenantId: string;
  at: number;
  actorKind: string;
  actorId: string;
  remoteAddress: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  errorCode: string | null;
  details: string | null;
}

/** sha256(previous hash + the row): changing, inserting or removing a row breaks every hash after it. */
export function chainHash(prevHash: string | null, row: ChainedFields): string {
  const fields = [row.id, row.seq, row.tenantId, row.at, row.actorKind, row.actorId, row.remoteAddress, row.action, row.targetType, row.targetId, row.outcome, row.errorCode, row.details];
  return createHash('sha256').update(`${prevHash ?? ''}\n${JSON.stringify(fields)}`).digest('hex');
}

export interface ChainRow extends ChainedFields {
  prevHash: string | null;
  hash: string | null;
}

export interface ChainCheck {
  intact: boolean;
  checked: number;
  unchained: number;
  brokenAt: string | null;
}

/**
 * Walks rows in `seq` order. Rows without a hash (migrated from before the chain) may only come first; the
 * first hashed row may name a predecessor that retention pruned; every later one names the row before it.
 */
export function checkChain(rows: Iterable<ChainRow>): ChainCheck {
  let previous: string | null | undefined;
  let checked = 0;
  let unchained = 0;
  for (const row of rows) {
    if (row.hash === null) {
      if (previous !== undefined) return { intact: false, checked, unchained, brokenAt: row.id };
      unchained += 1;
      continue;
    }
    const linked = previous === undefined || row.prevHash === previous;
    if (!linked || chainHash(row.prevHash, row) !== row.hash) return { intact: false, checked, unchained, brokenAt: row.id };
    previous = row.hash;
    checked += 1;
  }
  return { intact: true, checked, unchained, brokenAt: null };
}
