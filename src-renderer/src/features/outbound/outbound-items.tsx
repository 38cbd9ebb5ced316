import { OutboundItemStatus, type OutboundDestination, type OutboundItem } from '@contract/outbound';
import { ActionIcon, Anchor, Center, Group, Loader, Pagination, Paper, Select, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { ItemActions } from './item-actions';
import { ItemAttempts } from './item-attempts';
import { ItemStatusBadge } from './outbound-badges';
import { errorLine, itemsFilterOf } from './outbound-format';

const PAGE_SIZE = 50;
const statusOptions = OutboundItemStatus.options.map((value) => ({ value, label: value.replace('_', ' ') }));

/** The items queued for one destination, newest first, filtered by lane and status. */
export function OutboundItems({ destination }: { destination: OutboundDestination }) {
  const [laneKey, setLaneKey] = useState<string | null>(null);
  const [status, setStatus] = useState<OutboundItemStatus | null>(null);
  const [page, setPage] = useState(1);
  const items = useApiQuery(
    'outboundItems.list',
    { ...itemsFilterOf(destination), page, pageSize: PAGE_SIZE, ...(laneKey && { laneKey }), ...(status && { status }) },
    { placeholderData: keepPreviousData },
  );
  const laneOptions = destination.lanes.map((lane) => ({ value: lane.laneKey, label: `${lane.laneKey} (${lane.depth})` }));

  return (
    <Paper withBorder p="sm" mt="md" data-testid="outbound-items" aria-labelledby="outbound-items-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="outbound-items-title">
          Items for {destination.name}
        </Title>
        <Group gap="xs">
          {laneOptions.length > 1 && (
            <Select aria-label="Lane" placeholder="All lanes" data={laneOptions} value={laneKey} onChange={(v) => (setLaneKey(v), setPage(1))} clearable w={240} />
          )}
          <Select aria-label="Item status" placeholder="All statuses" data={statusOptions} value={status} onChange={(v) => (setStatus(OutboundItemStatus.safeParse(v).data ?? null), setPage(1))} clearable w={160} />
          {items.isFetching && !items.isPending && <Loader size="xs" aria-label="Refreshing items" />}
        </Group>
      </Group>
      {items.isPending ? (
        <LoadingState label="Loading items" />
      ) : items.isError ? (
        <LoadFailed title="Could not load the items" message={items.error.message} onRetry={() => void items.refetch()} />
      ) : items.data.data.length === 0 ? (
        <Center p="lg">
          <Text size="sm" c="dimmed">
            {laneKey || status ? 'No items match these filters.' : 'Nothing has been queued for this destination yet. Add a route to an inbound connector on the Connectors page to send it messages.'}
          </Text>
        </Center>
      ) : (
        <>
          <ItemsTable items={items.data.data} />
          <Group justify="flex-end" mt="xs">
            <Pagination size="sm" total={Math.ceil(items.data.total / items.data.pageSize)} value={items.data.page} onChange={setPage} hideWithOnePage />
          </Group>
        </>
      )}
    </Paper>
  );
}

function ItemsTable({ items }: { items: readonly OutboundItem[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table data-testid="items-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <VisuallyHidden>Attempts</VisuallyHidden>
            </Table.Th>
            <Table.Th w={60}>Seq</Table.Th>
            <Table.Th w={170}>Queued</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th w={100}>Status</Table.Th>
            <Table.Th w={80} ta="right">
              Attempts
            </Table.Th>
            <Table.Th w={60}>ACK</Table.Th>
            <Table.Th>Last error</Table.Th>
            <Table.Th w={220}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Fragment key={item.id}>
              <ItemRow item={item} expanded={expanded.has(item.id)} onToggle={() => toggle(item.id)} />
              {expanded.has(item.id) && (
                <Table.Tr>
                  <Table.Td colSpan={9} bg="gray.0">
                    <ItemAttempts attempts={item.attempts} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ItemRow({ item, expanded, onToggle }: { item: OutboundItem; expanded: boolean; onToggle: () => void }) {
  const error = errorLine(item.lastErrorCode, item.lastError);
  return (
    <Table.Tr data-testid="item-row" data-item-id={item.id} data-status={item.status}>
      <Table.Td>
        <ActionIcon variant="subtle" size="sm" onClick={onToggle} aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} attempts of item ${item.seq}`}>
          <span aria-hidden>{expanded ? '▾' : '▸'}</span>
        </ActionIcon>
      </Table.Td>
      <Table.Td>{item.seq}</Table.Td>
      <Table.Td>
        <Text size="sm">{formatTimestamp(item.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        {item.messageId ? (
          <Anchor component={Link} to={`/messages/${item.messageId}`} size="sm" ff="monospace">
            {item.controlId ?? item.messageId}
          </Anchor>
        ) : (
          <Text size="sm" ff="monospace">
            {item.controlId ?? '—'}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {item.payloadKind}
          {item.laneKey.includes('|') ? ` · lane ${item.laneKey}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <ItemStatusBadge status={item.status} />
      </Table.Td>
      <Table.Td ta="right">{item.attemptCount}</Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" data-testid="item-ack">
          {item.ackCode ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c={error ? 'red.8' : 'dimmed'} lineClamp={2} title={error ?? undefined}>
          {error ?? '—'}
        </Text>
        {item.nextAttemptAt && (
          <Text size="xs" c="dimmed">
            next {formatTimestamp(item.nextAttemptAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <ItemActions item={item} />
      </Table.Td>
    </Table.Tr>
  );
}
