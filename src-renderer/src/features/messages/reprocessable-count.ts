import type { ApiClient } from '../../api/client';
import type { MessageFilters } from './message-filters';
import { isQueued } from './message-status';

export interface ReprocessableCount {
  /** What a bulk reprocess of these filters would queue: the number it must confirm as `expectedCount`. */
  eligible: number;
  /** Matching messages already pending or processing, which the engine skips. */
  queued: number;
  /** Matching messages refused at intake (answered AR/AE), which are never reprocessed. */
  refused: number;
  /** The engine stopped counting (past 10,000, or a broad text search cut short in an index walk): too many to confirm; the filter must be narrowed. */
  tooMany: boolean;
}

/** Counts by asking the log for one-row pages: the engine counts, nothing is downloaded. */
export async function countReprocessable(client: Pick<ApiClient, 'call'>, filters: MessageFilters): Promise<ReprocessableCount> {
  let tooMany = false;
  const totalOf = async (overrides: MessageFilters & { accepted?: boolean }): Promise<number> => {
    const page = await client.call('hl7Messages.list', { ...filters, ...overrides, page: 1, pageSize: 1 });
    tooMany ||= page.totalAtLeast;
    return page.total;
  };
  // Refused messages are stored as failed, so only that status can hold any (and its index finds them).
  const refusedOf = (): Promise<number> => totalOf({ status: 'failed', accepted: false });
  if (filters.status) {
    if (isQueued(filters.status)) return { eligible: 0, queued: await totalOf({}), refused: 0, tooMany };
    const [total, refused] = await Promise.all([totalOf({}), filters.status === 'failed' ? refusedOf() : 0]);
    return { eligible: Math.max(0, total - refused), queued: 0, refused, tooMany };
  }
  const [all, pending, processing, refused] = await Promise.all([totalOf({}), totalOf({ status: 'pending' }), totalOf({ status: 'processing' }), refusedOf()]);
  return { eligible: Math.max(0, all - pending - processing - refused), queued: pending + processing, refused, tooMany };
}
