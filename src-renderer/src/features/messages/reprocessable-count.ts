import type { ApiClient } from '../../api/client';
import type { MessageFilters } from './message-filters';
import { isQueued } from './message-status';

export interface ReprocessableCount {
  /** What a bulk reprocess of these filters would queue: the number it must confirm as `expectedCount`. */
  eligible: number;
  /** Matching messages already pending or processing, which the engine skips. */
  queued: number;
  /** More match than the engine counts exactly (10,000): too many to confirm; the filter must be narrowed. */
  tooMany: boolean;
}

/** Counts by asking the log for one-row pages: the engine counts, nothing is downloaded. */
export async function countReprocessable(client: Pick<ApiClient, 'call'>, filters: MessageFilters): Promise<ReprocessableCount> {
  let tooMany = false;
  const totalOf = async (overrides: MessageFilters): Promise<number> => {
    const page = await client.call('hl7Messages.list', { ...filters, ...overrides, page: 1, pageSize: 1 });
    tooMany ||= page.totalAtLeast;
    return page.total;
  };
  if (filters.status) {
    const total = await totalOf({});
    return isQueued(filters.status) ? { eligible: 0, queued: total, tooMany } : { eligible: total, queued: 0, tooMany };
  }
  const [all, pending, processing] = await Promise.all([totalOf({}), totalOf({ status: 'pending' }), totalOf({ status: 'processing' })]);
  return { eligible: Math.max(0, all - pending - processing), queued: pending + processing, tooMany };
}
