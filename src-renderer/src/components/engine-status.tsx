import type { Health } from '@contract/index';
import { Box, Group, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ApiError } from '../api/client';
import { useApiQuery } from '../api/query-hooks';

const POLL_MS = 10_000;

export type EngineHealth = UseQueryResult<Health, ApiError>;

export function useEngineHealth(): EngineHealth {
  // No retries: a failed poll must show as "unreachable" now, and the next poll comes soon anyway.
  return useApiQuery('system.health', {}, { refetchInterval: POLL_MS, refetchIntervalInBackground: true, retry: false, staleTime: 0 });
}

function formatUptime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days}d ${hours % 24}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${Math.floor(seconds)}s`;
}

function describe(health: EngineHealth): { color: string; label: string } {
  if (health.isError) {
    if (health.error.status === 401) return { color: 'orange', label: 'Access token required' };
    return { color: 'red', label: health.error.status === 0 ? 'Engine unreachable' : `Engine error · ${health.error.message}` };
  }
  if (health.isPending) return { color: 'gray', label: 'Connecting to engine…' };
  return { color: 'green', label: `Engine running · v${health.data.version} · up ${formatUptime(health.data.uptimeSeconds)}` };
}

export function EngineStatus({ health }: { health: EngineHealth }) {
  const { color, label } = describe(health);
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="engine-status" data-engine-state={health.status}>
      <Box w={8} h={8} bg={`${color}.6`} style={{ borderRadius: '50%', flex: 'none' }} />
      <Text size="sm" c={health.isError ? `${color}.8` : undefined}>
        {label}
      </Text>
    </Group>
  );
}
