import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiClient } from './client';

/**
 * Whether a query operation shows data of a change-event topic: the topic names its domain or what it
 * lists, so `connectors.list` and `externalSystems.connectors` both read `connectors`. Deriving this
 * from the name keeps new operations correct without a table to forget.
 */
export function readsTopic(operation: string, topic: string): boolean {
  return operation.split('.').includes(topic);
}

export function invalidateTopics(queryClient: QueryClient, topics: readonly string[]): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: ({ queryKey: [operation] }) => typeof operation === 'string' && topics.some((topic) => readsTopic(operation, topic)),
  });
}

/** Keeps every mounted query fresh while the engine reports changes. */
export function useChangeEventInvalidation(client: ApiClient): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      client.subscribe({
        change: (event) => void invalidateTopics(queryClient, [event.topic]),
        resync: () => void queryClient.invalidateQueries(),
      }),
    [client, queryClient],
  );
}
