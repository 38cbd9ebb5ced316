import { AppShell, Group, NavLink, Text } from '@mantine/core';
import { Link, Outlet, useLocation } from 'react-router';
import { useChangeEventInvalidation } from '../api/events';
import { useApiClient } from '../api/query-hooks';
import { EngineStatus, useEngineHealth } from '../components/engine-status';
import { SessionMenu } from '../components/session-menu';
import type { Section } from './routes';

export function Shell({ sections }: { sections: readonly Section[] }) {
  const client = useApiClient();
  useChangeEventInvalidation(client);
  const health = useEngineHealth();
  const { pathname } = useLocation();

  return (
    <AppShell
      header={{ height: 44 }}
      navbar={{ width: 184, breakpoint: 0 }}
      padding="lg"
      // Tests wait for this: the first health answer (good or bad) means the console has something to show.
      data-app-state={health.isFetched ? 'ready' : 'starting'}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap={8} wrap="nowrap">
            <Text fw={700} size="md" c="indigo.7" aria-hidden>
              ⇄
            </Text>
            <Text fw={650} size="md">
              Interop Console
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <EngineStatus health={health} />
            <SessionMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        {sections.map(({ path, label }) => (
          <NavLink
            key={path}
            component={Link}
            to={`/${path}`}
            label={label}
            active={pathname === `/${path}` || pathname.startsWith(`/${path}/`)}
            variant="light"
            fw={500}
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
