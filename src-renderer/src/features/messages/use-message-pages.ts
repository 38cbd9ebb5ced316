import type { Hl7MessageSummary } from '@contract/messages';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiError } from '../../api/client';
import { useApiClient } from '../../api/query-hooks';
import { LOG_PAGE_SIZE, needsNextPage } from './log-pages';
import type { MessageFilters } from './message-filters';

export interface MessageLogRows {
  /** Every row loaded so far, newest first. */
  rows: readonly Hl7MessageSummary[];
  /** From the first page; undefined until it answers. */
  total: number | undefined;
  /** The engine stopped counting at `total`: at least that many match. */
  totalAtLeast: boolean;
  hasMore: boolean;
  error: ApiError | null;
  isFetching: boolean;
  refetch: () => void;
}

/**
 * The log's rows, fetched a page at a time by following each page's cursor as the rendered rows (up
 * to `end`) approach the last loaded one. The key is `[operation, input]` like every API query, so
 * change events refetch the loaded pages.
 */
export function useMessagePages(filters: MessageFilters, end: number): MessageLogRows {
  const client = useApiClient();
  const input = { ...filters, pageSize: LOG_PAGE_SIZE };
  const query = useInfiniteQuery({
    queryKey: ['hl7Messages.list', input] as const,
    queryFn: ({ pageParam }) => client.call('hl7Messages.list', pageParam === undefined ? input : { ...input, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const first = query.data?.pages[0];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const wantMore = needsNextPage(end, rows.length, hasNextPage) && !isFetchingNextPage && !query.isError;
  useEffect(() => {
    if (wantMore) void fetchNextPage();
  }, [wantMore, fetchNextPage]);
  return {
    rows,
    total: first?.total,
    totalAtLeast: first?.totalAtLeast ?? false,
    hasMore: hasNextPage,
    error: query.error,
    isFetching: query.isFetching,
    refetch: () => void query.refetch(),
  };
}
