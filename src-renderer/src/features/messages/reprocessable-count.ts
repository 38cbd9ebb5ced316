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
}

/** Counts by asking the log for one-row pages: the engine counts, nothing is downloaded. */
export async function countReprocessable(client: Pick<ApiClient, 'call'>, filters: MessageFilters): Promise<ReprocessableCount> {
  const totalOf = async (overrides: MessageFilters & { accepted?: boolean }): Promise<number> =>
    (await client.call('hl7Messages.list', { ...filters, ...overrides, page: 1, pageSize: 1 })).total;
  if (filters.status) {
    if (isQueued(filters.status)) return { eligible: 0, queued: await totalOf({}), refused: 0 };
    // Refused messages are stored as failed, so only that status can hold any.
    const [total, refused] = await Promise.all([totalOf({}), filters.status === 'failed' ? totalOf({ accepted: false }) : 0]);
    return { eligible: Math.max(0, total - refused), queued: 0, refused };
  }
  const [all, pending, processing, refused] = await Promise.all([totalOf({}), totalOf({ status: 'pending' }), totalOf({ status: 'processing' }), totalOf({ accepted: false })]);
  return { eligible: Math.max(0, all - pending - processing - refused), queued: pending + processing, refused };
}
