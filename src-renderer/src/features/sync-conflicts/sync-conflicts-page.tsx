import { SyncConflictStatus, type SyncConflict } from '@contract/sync';
import { Badge, Center, Group, Pagination, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { ConflictDetail } from './conflict-detail';
import { useUrlParams } from '../../components/use-url-params';

const PAGE_SIZE = 50;

/** `/sync-conflicts`: resources a FHIR sync found changed on both sides and left for an operator; the selected one opens below the list. */
export function SyncConflictsPage() {
  const [params, setParam] = useUrlParams();
  const status = SyncConflictStatus.safeParse(params.get('status')).data ?? 'open';
  const selectedId = params.get('conflict');
  const [page, setPage] = useState(1);
  const conflicts = useApiQuery('syncConflicts.list', { status, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData });

  return (
    <>
      <PageHeader title="Sync conflicts" description="Resources a FHIR sync found changed both here and upstream since they were last synced. Compare both versions and choose what both sides keep." />
      <Group mb="sm">
        <SegmentedControl
          aria-label="Conflict status"
          data={[
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
          ]}
          value={status}
          onChange={(value) => (setParam('status', value === 'open' ? null : value), setParam('conflict', null), setPage(1))}
        />
      </Group>
      <Paper withBorder>
        {conflicts.isPending ? (
          <LoadingState label="Loading conflicts" />
        ) : conflicts.isError ? (
          <LoadFailed title="Could not load the conflicts" message={conflicts.error.message} onRetry={() => void conflicts.refetch()} />
        ) : conflicts.data.data.length === 0 ? (
          <Center p="xl" data-testid="conflicts-empty">
            <Text size="sm" c="dimmed">
              {status === 'open' ? 'No open conflicts: every synced resource agrees with its upstream, or a strategy settled it.' : 'No conflict has been resolved yet.'}
            </Text>
          </Center>
        ) : (
          <>
            <ConflictsTable conflicts={conflicts.data.data} selectedId={selectedId} onSelect={(id) => setParam('conflict', id === selectedId ? null : id)} />
            {conflicts.data.total > conflicts.data.pageSize && (
              <Group justify="flex-end" p="xs">
                <Pagination size="sm" total={Math.ceil(conflicts.data.total / conflicts.data.pageSize)} value={conflicts.data.page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </Paper>
      {selectedId && <ConflictDetail key={selectedId} id={selectedId} />}
    </>
  );
}

function ConflictsTable({ conflicts, selectedId, onSelect }: { conflicts: readonly SyncConflict[]; selectedId: string | null; onSelect: (id: string) => void }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table highlightOnHover data-testid="conflicts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Resource</Table.Th>
            <Table.Th>Differing fields</Table.Th>
            <Table.Th>Sync</Table.Th>
            <Table.Th>Upstream</Table.Th>
            <Table.Th>Detected</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {conflicts.map((c) => (
            <Table.Tr key={c.id} bg={c.id === selectedId ? 'var(--mantine-primary-color-light)' : undefined} style={{ cursor: 'pointer' }} onClick={() => onSelect(c.id)}>
              <Table.Td>
                <Text
                  component="button"
                  type="button"
                  size="sm"
                  fw={500}
                  aria-expanded={c.id === selectedId}
                  style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', color: 'inherit' }}
                  onClick={(event) => (event.stopPropagation(), onSelect(c.id))}
                >
                  {c.resourceType}/{c.resourceId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.differingFields.join(', ')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.direction}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {c.serverUrl}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTimestamp(c.detectedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={c.status === 'open' ? 'orange' : 'green'}>
                  {c.status === 'open' ? 'open' : `kept ${c.resolution ?? ''}`}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
