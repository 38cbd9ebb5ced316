import type { HealthCheck } from '@contract/connectors';
import { Badge, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError } from '../../components/notify';

export const healthColors: Record<HealthCheck['status'], string> = { healthy: 'green', degraded: 'yellow', unhealthy: 'red', unknown: 'gray' };

/** "Test now": one health check of the saved connector, recorded like a scheduled one; shows its result. */
export function ConnectorTestButton({ connectorId }: { connectorId: string }) {
  const test = useApiMutation('connectors.test');
  const [result, setResult] = useState<HealthCheck | null>(null);
  return (
    <Group gap="sm" align="center" wrap="nowrap">
      <Button variant="default" size="xs" loading={test.isPending} onClick={() => test.mutate({ id: connectorId }, { onSuccess: setResult, onError: (error) => notifyError('Could not test the connector', error.message) })}>
        Test now
      </Button>
      {result && (
        <Group gap="xs" wrap="nowrap" data-testid="connector-test-result" role="status">
          <Badge variant="light" color={healthColors[result.status]}>
            {result.status}
          </Badge>
          <Text size="xs" c="dimmed">
            {[result.latencyMs !== null ? `${result.latencyMs} ms` : null, result.detail].filter(Boolean).join(' · ')}
          </Text>
        </Group>
      )}
    </Group>
  );
}
