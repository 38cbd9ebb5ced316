import type { ConnectorStatus } from '@contract/connectors';
import { Badge } from '@mantine/core';

const statusColors: Record<ConnectorStatus, string> = {
  configured: 'gray',
  active: 'green',
  paused: 'yellow',
  inactive: 'dark',
};

export function ConnectorStatusBadge({ status }: { status: ConnectorStatus }) {
  return (
    <Badge color={statusColors[status]} variant={status === 'inactive' ? 'outline' : 'light'} size="sm" data-testid="connector-status">
      {status}
    </Badge>
  );
}
