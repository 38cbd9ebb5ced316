import type { IntegrationRun } from '@contract/integration-jobs';
import { Badge, Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useApiQuery } from '../../api/query-hooks';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';

const levelColor = { info: 'gray', warn: 'orange', error: 'red' } as const;

/** A run's log lines and its per-record errors, side by side. */
export function RunDetail({ run }: { run: IntegrationRun }) {
  const logs = useApiQuery('integrationRuns.logs', { id: run.id, pageSize: 500 });
  const errors = useApiQuery('integrationRuns.errors', { id: run.id, pageSize: 500 });
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Stack gap={4} data-testid="run-logs">
        <Text size="sm" fw={600}>
          Log
        </Text>
        {logs.isPending ? (
          <LoadingState label="Loading the log" />
        ) : logs.isError ? (
          <LoadFailed title="Could not load the log" message={logs.error.message} onRetry={() => void logs.refetch()} />
        ) : (
          logs.data.data.map((line) => (
            <Text size="xs" key={line.id} ff="monospace">
              {formatTimestamp(line.at)}{' '}
              <Badge size="xs" variant="light" color={levelColor[line.level]} tt="none">
                {line.level}
              </Badge>{' '}
              {line.message}
            </Text>
          ))
        )}
      </Stack>
      <Stack gap={4} data-testid="run-errors">
        <Text size="sm" fw={600}>
          Record errors {errors.data ? `(${errors.data.total})` : ''}
        </Text>
        {errors.isPending ? (
          <LoadingState label="Loading errors" />
        ) : errors.isError ? (
          <LoadFailed title="Could not load errors" message={errors.error.message} onRetry={() => void errors.refetch()} />
        ) : errors.data.data.length === 0 ? (
          <Text size="xs" c="dimmed">
            None
          </Text>
        ) : (
          <Table fz="xs">
            <Table.Tbody>
              {errors.data.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Code>{e.record ?? '—'}</Code>
                  </Table.Td>
                  <Table.Td ff="monospace">{e.code}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </SimpleGrid>
  );
}
