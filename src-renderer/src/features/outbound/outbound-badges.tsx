import type { OutboundDestination, OutboundItemStatus } from '@contract/outbound';
import { Badge, Stack, Text } from '@mantine/core';
import { formatTimestamp } from '../../components/time-format';

type DestinationState = OutboundDestination['state'];

const stateColors: Record<DestinationState, string> = {
  idle: 'gray',
  sending: 'blue',
  retrying: 'orange',
  offline: 'red',
  paused: 'yellow',
  inactive: 'dark',
};

/** The destination's state, with since when for offline and paused. */
export function DestinationStateBadge({ destination }: { destination: Pick<OutboundDestination, 'state' | 'since'> }) {
  const { state, since } = destination;
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={stateColors[state]} variant={state === 'inactive' ? 'outline' : 'light'} size="sm" tt="none" data-testid="destination-state" data-state={state}>
        {state}
      </Badge>
      {since && (state === 'offline' || state === 'paused') && (
        <Text size="xs" c="dimmed">
          since {formatTimestamp(since)}
        </Text>
      )}
    </Stack>
  );
}

const itemColors: Record<OutboundItemStatus, string> = {
  pending: 'blue',
  in_flight: 'indigo',
  delivered: 'green',
  failed: 'orange',
  dead: 'red',
  skipped: 'gray',
};

export function ItemStatusBadge({ status }: { status: OutboundItemStatus }) {
  return (
    <Badge color={itemColors[status]} variant="light" size="sm" tt="none" data-testid="item-status" data-status={status}>
      {status.replace('_', ' ')}
    </Badge>
  );
}
