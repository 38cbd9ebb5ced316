import { Anchor, Center, Loader, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { formatTimestamp } from '../../components/time-format';
import { ItemStatusBadge } from '../outbound/outbound-badges';
import { errorLine } from '../outbound/outbound-format';

/** Where the message went: an outbound item per route it took, with its destination, status and the ACK received. */
export function MessageDelivery({ messageId }: { messageId: string }) {
  const items = useApiQuery('outboundItems.list', { messageId, pageSize: 200 });
  const lanes = useApiQuery('outbound.lanes', {});
  const names = new Map((lanes.data?.data ?? []).map((d) => [d.destinationConnectorId, d.name]));

  if (items.isPending) {
    return (
      <Center p="md">
        <Loader size="sm" aria-label="Loading deliveries" />
      </Center>
    );
  }
  if (items.isError) {
    return (
      <Text size="sm" c="red.8" data-testid="message-delivery">
        Could not load where the message went: {items.error.message}
      </Text>
    );
  }
  if (items.data.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="message-delivery">
        Not sent anywhere: no route of this connector took it. Routes are set in the connector’s form on the Connectors page.
      </Text>
    );
  }
  return (
    <Table data-testid="message-delivery">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Destination</Table.Th>
          <Table.Th w={110}>Status</Table.Th>
          <Table.Th w={60}>ACK</Table.Th>
          <Table.Th w={80} ta="right">
            Attempts
          </Table.Th>
          <Table.Th w={190}>Delivered</Table.Th>
          <Table.Th>Last error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.data.data.map((item) => (
          <Table.Tr key={item.id} data-testid="delivery-item" data-status={item.status}>
            <Table.Td>
              <Anchor component={Link} to={`/outbound?destination=${item.destinationConnectorId}`} size="sm">
                {names.get(item.destinationConnectorId) ?? item.destinationConnectorId}
              </Anchor>
              <Text size="xs" c="dimmed">
                {item.payloadKind}
                {item.controlId ? ` · ${item.controlId}` : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <ItemStatusBadge status={item.status} />
            </Table.Td>
            <Table.Td ff="monospace" data-testid="delivery-ack">
              {item.ackCode ?? '—'}
            </Table.Td>
            <Table.Td ta="right">{item.attemptCount}</Table.Td>
            <Table.Td>{formatTimestamp(item.deliveredAt)}</Table.Td>
            <Table.Td>
              <Text size="xs" c={item.lastErrorCode ? 'red.8' : 'dimmed'}>
                {errorLine(item.lastErrorCode, item.lastError) ?? '—'}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
