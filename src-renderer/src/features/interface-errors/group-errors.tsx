import { Anchor, Badge, Group, Pagination, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { STATUS_LABELS, type GroupFilters } from './interface-error-labels';

const PAGE_SIZE = 25;

/** The errors of one cause under the page's filters, newest first; each names its message (opening the viewer), item or record. */
export function GroupErrors({ causeKey, filters }: { causeKey: string; filters: GroupFilters }) {
  const [page, setPage] = useState(1);
  const errors = useApiQuery('interfaceErrors.list', { ...filters, causeKey, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData });
  if (errors.isPending) return <LoadingState label="Loading the errors" />;
  if (errors.isError) return <LoadFailed title="Could not load the errors" message={errors.error.message} onRetry={() => void errors.refetch()} />;
  return (
    <>
      <Table data-testid="group-errors" bg="gray.0" fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>About</Table.Th>
            <Table.Th>What failed</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.data.data.map((e) => (
            <Table.Tr key={e.id} data-testid="group-error">
              <Table.Td>
                <Text size="xs">{formatTimestamp(e.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                {e.messageId ? (
                  <Anchor component={Link} to={`/messages/${e.messageId}`} size="xs" ff="monospace">
                    {e.messageId}
                  </Anchor>
                ) : (
                  <Text size="xs" ff="monospace">
                    {e.record ?? e.runId ?? '—'}
                  </Text>
                )}
                {e.outboundItemId && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    item {e.outboundItemId}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{e.message}</Text>
              </Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" color={e.status === 'open' ? 'orange' : 'gray'}>
                  {STATUS_LABELS[e.status]}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errors.data.total > errors.data.pageSize && (
        <Group justify="flex-end" p="xs">
          <Pagination size="xs" total={Math.ceil(errors.data.total / errors.data.pageSize)} value={errors.data.page} onChange={setPage} />
        </Group>
      )}
    </>
  );
}
