import { Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { UnmappedCoverageTable } from './unmapped-coverage-table';
import { useUnmappedCoverage } from './use-unmapped-coverage';

/**
 * What processed messages carried that this profile's rules did not map, per connector, version and
 * path; the connector filter lives in the URL (`?connector=`) so a connector's link opens it filtered.
 */
export function ProfileCoverage({ profileId, onPickPath }: { profileId: string; onPickPath: (path: string) => void }) {
  const [params, setParams] = useSearchParams();
  const connectorId = params.get('connector') ?? null;
  const { coverage, connectors, connectorNames } = useUnmappedCoverage({ profileId, ...(connectorId ? { connectorId } : {}) });
  const setConnector = (id: string | null) => setParams(id ? { connector: id } : {}, { replace: true });
  const rows = coverage.data?.data ?? [];
  return (
    <Paper withBorder p="sm" data-testid="profile-coverage">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Stack gap={0}>
            <Title order={2} size="h4">
              Not mapped in processed messages
            </Title>
            <Text size="xs" c="dimmed">
              Counted over each message&apos;s latest attempt. Pick a path to start a rule that reads it.
            </Text>
          </Stack>
          <Select
            size="xs"
            w={260}
            label="Connector"
            placeholder="All connectors"
            data={connectors.map((c) => ({ value: c.id, label: c.name }))}
            value={connectorId}
            onChange={setConnector}
            clearable
            searchable
          />
        </Group>
        {coverage.isPending ? (
          <LoadingState label="Loading coverage" />
        ) : coverage.isError ? (
          <LoadFailed title="Could not load coverage" message={coverage.error.message} onRetry={() => void coverage.refetch()} />
        ) : rows.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="unmapped-coverage-none">
            Nothing left unmapped in the messages processed{connectorId ? ' on this connector' : ''} so far.
          </Text>
        ) : (
          <UnmappedCoverageTable rows={rows} connectorNames={connectorNames} onPickPath={onPickPath} />
        )}
      </Stack>
    </Paper>
  );
}
