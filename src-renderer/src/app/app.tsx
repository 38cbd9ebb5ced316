import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import type { AccessTokenStore } from '../api/access-token';
import type { ApiClient } from '../api/client';
import { ApiProvider } from '../api/query-hooks';
import { AccessTokenPrompt } from '../components/access-token-prompt';
import { router } from './routes';
import { theme } from './theme';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Change events keep data fresh, so refetching on every focus would only add load.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; an unreachable or failing engine might.
        retry: (failures, error) => (error.status === 0 || error.status >= 500) && failures < 2,
      },
    },
  });
}

/** `tokens` is null under Electron IPC, where the preload bridge needs no token. */
export function App({ client, tokens }: { client: ApiClient; tokens: AccessTokenStore | null }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* Bottom right: the detail drawer's close button and actions sit at the top. */}
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={client}>
          <RouterProvider router={router} />
          {tokens && <AccessTokenPrompt tokens={tokens} />}
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
