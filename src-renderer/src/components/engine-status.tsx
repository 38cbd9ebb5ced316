import type { Health, HealthStatus } from '@contract/index';
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

const healthUi: Record<HealthStatus, { color: string; label: string }> = {
  ok: { color: 'green', label: 'Engine running' },
  degraded: { color: 'yellow', label: 'Engine degraded' },
  failing: { color: 'red', label: 'Engine failing' },
};

/** The first reason says what is wrong; the rest are one hover away. */
function reasonsText(reasons: Health['reasons']): string {
  const [first, ...rest] = reasons;
  if (!first) return '';
  return rest.length > 0 ? ` · ${first.message} (+${rest.length} more)` : ` · ${first.message}`;
}

function describe(health: EngineHealth): { color: string; label: string; detail?: string } {
  if (health.isError) {
    if (health.error.status === 401) return { color: 'orange', label: 'Access token required' };
    return { color: 'red', label: health.error.status === 0 ? 'Engine unreachable' : `Engine error · ${health.error.message}` };
  }
  if (health.isPending) return { color: 'gray', label: 'Connecting to engine…' };
  const { status, reasons, version, uptimeSeconds, engineProcess } = health.data;
  const { color, label } = healthUi[status];
  // A caller without credentials gets health's status and time only, so the rest may be missing.
  const restartCount = (engineProcess as Health['engineProcess'] | undefined)?.restarts ?? 0;
  const restarts = restartCount > 0 ? ` · restarted ${restartCount}×` : '';
  if (status === 'ok') return { color, label: `${label} · v${version} · up ${formatUptime(uptimeSeconds)}${restarts}` };
  return { color, label: `${label}${reasonsText(reasons)}`, detail: reasons.map((r) => r.message).join('\n') };
}

export function EngineStatus({ health }: { health: EngineHealth }) {
  const { color, label, detail } = describe(health);
  const alarming = health.isError || (health.data !== undefined && health.data.status !== 'ok');
  return (
    <Group
      gap={6}
      wrap="nowrap"
      role="status"
      aria-live="polite"
      data-testid="engine-status"
      data-engine-state={health.status}
      data-engine-health={health.data?.status}
      title={detail}
      miw={0}
    >
      <Box w={8} h={8} bg={`${color}.6`} style={{ borderRadius: '50%', flex: 'none' }} />
      <Text size="sm" c={alarming ? `${color === 'yellow' ? 'orange' : color}.8` : undefined} truncate>
        {label}
      </Text>
    </Group>
  );
}
