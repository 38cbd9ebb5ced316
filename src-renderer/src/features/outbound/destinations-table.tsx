import type { OutboundDestination } from '@contract/outbound';
import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatTimestamp } from '../../components/time-format';
import { protocolLabels } from '../connectors/connector-labels';
import { DestinationStateBadge } from './outbound-badges';
import { destinationKey, errorLine, formatAge } from './outbound-format';

interface Props {
  destinations: readonly OutboundDestination[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** A row per outbound connector: its queue and why it waits; a row's name selects it to show its items. */
export function DestinationsTable({ destinations, selectedId, onSelect }: Props) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover data-testid="destinations-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={180}>Destination</Table.Th>
            <Table.Th w={90}>Protocol</Table.Th>
            <Table.Th w={200}>State</Table.Th>
            <Table.Th w={70} ta="right">
              Depth
            </Table.Th>
            <Table.Th w={90}>Oldest</Table.Th>
            <Table.Th>Last error</Table.Th>
            <Table.Th w={170}>Next retry</Table.Th>
            <Table.Th w={60} ta="right">
              Dead
            </Table.Th>
            <Table.Th w={90}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {destinations.map((destination) => (
            <DestinationRow key={destinationKey(destination)} destination={destination} selected={destinationKey(destination) === selectedId} onSelect={onSelect} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DestinationRow({ destination, selected, onSelect }: { destination: OutboundDestination; selected: boolean; onSelect: (id: string) => void }) {
  const error = errorLine(destination.lastErrorCode, destination.lastError);
  return (
    <Table.Tr
      data-testid="destination-row"
      data-destination-name={destination.name}
      data-depth={destination.depth}
      bg={selected ? 'indigo.0' : undefined}
      aria-selected={selected}
    >
      <Table.Td>
        <Button variant="subtle" size="compact-sm" fw={600} px={4} onClick={() => onSelect(destinationKey(destination))} aria-label={`Show items of ${destination.name}`} aria-pressed={selected}>
          {destination.name}
        </Button>
      </Table.Td>
      <Table.Td>{protocolLabels[destination.protocol as keyof typeof protocolLabels] ?? destination.protocol}</Table.Td>
      <Table.Td>
        <DestinationStateBadge destination={destination} />
      </Table.Td>
      <Table.Td ta="right" data-testid="destination-depth">
        {destination.depth}
      </Table.Td>
      <Table.Td>{formatAge(destination.oldestItemAgeMs)}</Table.Td>
      <Table.Td>
        {error ? (
          <Text size="xs" c="red.8" lineClamp={2} title={error} data-testid="destination-error">
            {error}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatTimestamp(destination.nextRetryAt)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" c={destination.dead > 0 ? 'red.8' : undefined} fw={destination.dead > 0 ? 600 : undefined}>
          {destination.dead}
        </Text>
      </Table.Td>
      <Table.Td>{destination.destinationConnectorId && <PauseToggle destination={destination} connectorId={destination.destinationConnectorId} />}</Table.Td>
    </Table.Tr>
  );
}

/** Pause or resume sending to an outbound connector (a routing rule's lane has no pause). */
function PauseToggle({ destination, connectorId }: { destination: OutboundDestination; connectorId: string }) {
  const pause = useApiMutation('outbound.pause');
  const resume = useApiMutation('outbound.resume');
  const mutation = destination.paused ? resume : pause;
  const verb = destination.paused ? 'Resume' : 'Pause';
  const run = () =>
    mutation.mutate(
      { id: connectorId },
      {
        onSuccess: () => notifySuccess(`${verb === 'Pause' ? 'Paused' : 'Resumed'} delivery to ${destination.name}`),
        onError: (error) => notifyError(`Could not ${verb.toLowerCase()} ${destination.name}`, error.message),
      },
    );
  return (
    <Button size="compact-xs" variant="light" color={destination.paused ? 'green' : 'yellow'} loading={mutation.isPending} onClick={run} aria-label={`${verb} delivery to ${destination.name}`}>
      {verb}
    </Button>
  );
}
