import type { Connector, ConnectorStatus } from '@contract/connectors';
import { Badge } from '@mantine/core';

const statusColors: Record<ConnectorStatus, string> = {
  configured: 'gray',
  active: 'green',
  paused: 'yellow',
  inactive: 'dark',
};

/** An active connector whose listener failed shows as failing: active in name only. */
const isFailing = (connector: Pick<Connector, 'status' | 'runtime'>): boolean => connector.status === 'active' && connector.runtime?.state === 'failed';

export function ConnectorStatusBadge({ status, runtime }: { status: ConnectorStatus; runtime?: Connector['runtime'] | undefined }) {
  if (isFailing({ status, runtime: runtime ?? null })) {
    return (
      <Badge color="red" variant="filled" size="sm" data-testid="connector-status" title={runtime?.error ?? undefined}>
        failing
      </Badge>
    );
  }
  return (
    <Badge color={statusColors[status]} variant={status === 'inactive' ? 'outline' : 'light'} size="sm" data-testid="connector-status">
      {status}
    </Badge>
  );
}
