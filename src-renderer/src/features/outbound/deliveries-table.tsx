import type { EventSubscription } from '@contract/event-subscriptions';
import { Badge, Center, Group, Pagination, Paper, Table, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';

const PAGE_SIZE = 50;
const statusColors = { pending: 'blue', retrying: 'orange', delivered: 'green', dead: 'red' } as const;

/** One subscription's webhook deliveries, newest first. */
export function DeliveriesTable({ subscription }: { subscription: EventSubscription }) {
  const [page, setPage] = useState(1);
  const deliveries = useApiQuery('eventDeliveries.list', { subscriptionId: subscription.id, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData });
  return (
    <Paper withBorder p="sm" mt="md" data-testid="deliveries" aria-labelledby="deliveries-title">
      <Title order={2} size="h4" id="deliveries-title" mb="xs">
        Deliveries of {subscription.name}
      </Title>
      {deliveries.isPending ? (
        <LoadingState label="Loading deliveries" />
      ) : deliveries.isError ? (
        <LoadFailed title="Could not load deliveries" message={deliveries.error.message} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.data.length === 0 ? (
        <Center p="lg">
          <Text size="sm" c="dimmed">
            No deliveries yet: events of the chosen types that happen from now on are sent here.
          </Text>
        </Center>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="deliveries-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>Created</Table.Th>
                  <Table.Th>Event type</Table.Th>
                  <Table.Th w={100}>Status</Table.Th>
                  <Table.Th w={80} ta="right">
                    Attempts
                  </Table.Th>
                  <Table.Th w={90} ta="right">
                    Response
                  </Table.Th>
                  <Table.Th w={90} ta="right">
                    Latency
                  </Table.Th>
                  <Table.Th>Last error</Table.Th>
                  <Table.Th w={170}>Next attempt</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.data.data.map((delivery) => (
                  <Table.Tr key={delivery.id} data-testid="delivery-row" data-status={delivery.status}>
                    <Table.Td>{formatTimestamp(delivery.createdAt)}</Table.Td>
                    <Table.Td ff="monospace">{delivery.eventType}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={statusColors[delivery.status]} tt="none">
                        {delivery.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{delivery.attemptCount}</Table.Td>
                    <Table.Td ta="right">{delivery.responseStatus ?? '—'}</Table.Td>
                    <Table.Td ta="right">{delivery.latencyMs === null ? '—' : `${delivery.latencyMs} ms`}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c={delivery.error ? 'red.8' : 'dimmed'}>
                        {delivery.error ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatTimestamp(delivery.nextAttemptAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end" mt="xs">
            <Pagination size="sm" total={Math.ceil(deliveries.data.total / deliveries.data.pageSize)} value={deliveries.data.page} onChange={setPage} hideWithOnePage />
          </Group>
        </>
      )}
    </Paper>
  );
}
