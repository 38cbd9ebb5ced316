import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { operations } from '@contract/index';
import type { ApiClient } from './client';

/**
 * Whether a query operation shows data of a change-event topic: the topic names its domain or what it
 * lists, so `connectors.list` and `externalSystems.connectors` both read `connectors`. Deriving this
 * from the name keeps new operations correct without a table to forget; operations over immutable
 * data (a stored message's segments) never need refetching; an aggregate over another domain names it
 * in `reads` (unmapped coverage reads `hl7Messages`, which processing publishes).
 */
export function readsTopic(operation: string, topic: string): boolean {
  const definition = (operations as Record<string, { immutable?: true; reads?: readonly string[] }>)[operation];
  return definition?.immutable !== true && (operation.split('.').includes(topic) || definition?.reads?.includes(topic) === true);
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
