import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import type { ApiClient } from '../api/client';
import { BrowserSessionProvider, type BrowserSession } from '../api/browser-session';
import { ApiProvider } from '../api/query-hooks';
import { SignInPrompt } from '../components/sign-in-prompt';
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

/** `session` is null under Electron IPC, where the desktop renderer is the local operator and nobody signs in. */
export function App({ client, session }: { client: ApiClient; session: BrowserSession | null }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* Bottom right: the detail drawer's close button and actions sit at the top. */}
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={client}>
          <BrowserSessionProvider session={session}>
            <RouterProvider router={router} />
            {session && <SignInPrompt session={session} />}
          </BrowserSessionProvider>
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
