import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { UnmappedCoverageTable } from './unmapped-coverage-table';
import { useUnmappedCoverage } from './use-unmapped-coverage';

/** The Mappings page filtered by a connector (`#/mappings?connector=CONN_…`): what its messages carried unmapped, across profiles. */
export function ConnectorCoverage({ connectorId }: { connectorId: string }) {
  const { coverage, connectorNames } = useUnmappedCoverage({ connectorId });
  const rows = coverage.data?.data ?? [];
  return (
    <Paper withBorder p="sm" mb="md" data-testid="connector-coverage" data-connector-id={connectorId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Not mapped in messages from {connectorNames.get(connectorId) ?? connectorId}
          </Title>
          <Anchor component={Link} to="/mappings" size="sm">
            Clear the connector filter
          </Anchor>
        </Group>
        {coverage.isPending ? (
          <LoadingState label="Loading coverage" />
        ) : coverage.isError ? (
          <LoadFailed title="Could not load coverage" message={coverage.error.message} onRetry={() => void coverage.refetch()} />
        ) : rows.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="unmapped-coverage-none">
            Nothing left unmapped in this connector&apos;s processed messages so far.
          </Text>
        ) : (
          <UnmappedCoverageTable rows={rows} connectorNames={connectorNames} showProfile />
        )}
      </Stack>
    </Paper>
  );
}
