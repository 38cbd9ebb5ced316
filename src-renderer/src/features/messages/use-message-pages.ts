import type { Hl7MessageSummary } from '@contract/messages';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiClient } from '../../api/query-hooks';
import { LOG_PAGE_SIZE, pagesForRange } from './log-pages';
import type { MessageFilters } from './message-filters';

export interface MessagePages {
  /** Loaded pages by number; rows of other pages are still on their way. */
  pages: ReadonlyMap<number, readonly Hl7MessageSummary[]>;
  /** From the most recent answer; undefined until the first one. */
  total: number | undefined;
  error: ApiError | null;
  isFetching: boolean;
  refetch: () => void;
}

/**
 * The pages of the log that rows `start`–`end` need. Keys are `[operation, input]` like every API query,
 * so change events refetch exactly the pages on screen.
 */
export function useMessagePages(filters: MessageFilters, start: number, end: number): MessagePages {
  const client = useApiClient();
  const wanted = pagesForRange(start, end);
  // Page 1 answers the total before anything is on screen.
  const numbers = wanted.length > 0 ? wanted : [1];
  const results = useQueries({
    queries: numbers.map((page) => {
      const input = { ...filters, page, pageSize: LOG_PAGE_SIZE };
      return { queryKey: ['hl7Messages.list', input] as const, queryFn: () => client.call('hl7Messages.list', input) };
    }),
  });

  const pages = new Map<number, readonly Hl7MessageSummary[]>();
  let total: number | undefined;
  let newest = -1;
  results.forEach((result, i) => {
    if (!result.data) return;
    pages.set(numbers[i] ?? 0, result.data.data);
    if (result.dataUpdatedAt > newest) {
      newest = result.dataUpdatedAt;
      total = result.data.total;
    }
  });
  // A jump far down the log swaps every page on screen; the last known total keeps the scroll height
  // (and the scroll position) while the new pages load.
  const [knownTotal, setKnownTotal] = useState(total);
  if (total !== undefined && total !== knownTotal) setKnownTotal(total);
  return {
    pages,
    total: total ?? knownTotal,
    error: results.find((result) => result.error)?.error ?? null,
    isFetching: results.some((result) => result.isFetching),
    refetch: () => results.forEach((result) => void result.refetch()),
  };
}
