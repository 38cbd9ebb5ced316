import { operations, type OperationName } from '@contract/index';
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, use, type ReactNode } from 'react';
import type { ApiClient, ApiError, ApiInput, ApiOutput } from './client';
import { invalidateTopics } from './events';

declare module '@tanstack/react-query' {
  interface Register {
    // Transports turn every failure into a Result, and the client turns those into ApiError only.
    defaultError: ApiError;
  }
}

const ApiClientContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiClientContext value={client}>{children}</ApiClientContext>;
}

export function useApiClient(): ApiClient {
  const client = use(ApiClientContext);
  if (!client) throw new Error('useApiClient needs an <ApiProvider>');
  return client;
}

export type ApiQueryKey<N extends OperationName> = readonly [N, ApiInput<N>];
export type ApiQueryOptions<N extends OperationName> = Omit<UseQueryOptions<ApiOutput<N>, ApiError, ApiOutput<N>, ApiQueryKey<N>>, 'queryKey' | 'queryFn'>;

/** Query keys are `[operation, input]`, which is what change events invalidate by. */
export function useApiQuery<N extends OperationName>(operation: N, input: ApiInput<N>, options?: ApiQueryOptions<N>) {
  const client = useApiClient();
  return useQuery({ queryKey: [operation, input] as const, queryFn: () => client.call(operation, input), ...options });
}

/**
 * Settles only after the queries it affects have been refetched, so the screen never shows stale rows.
 * `forgetResult` drops the answer from the mutation cache as soon as no component shows it (secrets).
 */
export function useApiMutation<N extends OperationName>(operation: N, { forgetResult = false }: { forgetResult?: boolean } = {}) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation<ApiOutput<N>, ApiError, ApiInput<N>>({
    mutationFn: (input) => client.call(operation, input),
    onSuccess: () => invalidateTopics(queryClient, operations[operation].invalidates ?? []),
    ...(forgetResult && { gcTime: 0 }),
  });
}
