import { Alert, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { BackupsSection } from './backups-section';
import { DataLocationSection } from './data-location-section';
import { DesktopSection } from './desktop-section';
import { DiagnosticsButton } from './diagnostics-button';
import { formatBytes } from './byte-size';
import { StoreSettingsForm } from './store-settings-form';
import { UpdatesSection } from './updates-section';

/** `/settings`: the store's size and disk, where its data is and what it holds, its retention rules and its backups. */
export function SettingsPage() {
  const store = useApiQuery('store.overview', {});
  return (
    <>
      <PageHeader title="Settings" description="The message store: its size, the disk it is on, how long messages are kept, and backups." />
      {store.isPending ? (
        <LoadingState label="Loading the store" />
      ) : store.isError ? (
        <LoadFailed title="Could not load the store" message={store.error.message} onRetry={() => void store.refetch()} />
      ) : (
        <Stack>
          {store.data.intakeRefusingForDisk && (
            <Alert color="red" title="Intake refuses messages">
              Less than {formatBytes(store.data.settings.minFreeDiskBytes)} is free on the store's disk: every message is answered AR until space is back.
            </Alert>
          )}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Store
            </Title>
            <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="store-sizes">
              <Figure label="Database" value={formatBytes(store.data.databaseBytes)} />
              <Figure label="Write-ahead log" value={formatBytes(store.data.walBytes)} />
              <Figure label="Intake journal" value={formatBytes(store.data.journalBytes)} />
              <Figure label="Free disk" value={formatBytes(store.data.freeDiskBytes)} />
            </SimpleGrid>
            {store.data.autoVacuum !== 'incremental' && (
              <Text size="xs" c="dimmed" mt="xs">
                Space freed by retention is reused, but this database was created before incremental vacuum, so the file does not shrink (see the README).
              </Text>
            )}
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Data location
            </Title>
            <DataLocationSection store={store.data} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Retention
            </Title>
            <StoreSettingsForm key={store.data.settings.version} settings={store.data.settings} />
            <Text size="sm" mt="md">
              Per connector (its Retention settings):
            </Text>
            {store.data.retention.rules.length === 0 ? (
              <Text size="sm" c="dimmed">
                No connector has a retention rule: messages are kept until the store-wide limit needs the space.
              </Text>
            ) : (
              <Table data-testid="retention-rules">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Connector</Table.Th>
                    <Table.Th>Older than</Table.Th>
                    <Table.Th>Beyond the newest</Table.Th>
                    <Table.Th>Unresolved failures</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {store.data.retention.rules.map(({ connectorId, name, rule }) => (
                    <Table.Tr key={connectorId}>
                      <Table.Td>{name}</Table.Td>
                      <Table.Td>{rule.maxAgeDays === undefined ? '—' : `${rule.maxAgeDays} days`}</Table.Td>
                      <Table.Td>{rule.maxMessages === undefined ? '—' : `${rule.maxMessages.toLocaleString()} messages`}</Table.Td>
                      <Table.Td>{rule.keepUnresolvedFailures ? 'kept' : 'deleted too'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {store.data.retention.lastRun && (
              <Text size="xs" c="dimmed" mt="xs">
                Last retention run: {store.data.retention.lastRun.status}
                {store.data.retention.lastRun.finishedAt && ` at ${formatTimestamp(store.data.retention.lastRun.finishedAt)}`}, {store.data.retention.lastRun.counts.written} messages deleted.
              </Text>
            )}
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Backups
            </Title>
            <BackupsSection backups={store.data.backups} />
          </Paper>
          <DesktopSection />
          <UpdatesSection />
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Support
            </Title>
            <Text size="sm" mb="xs">
              A zip for support: versions, health, the store, connectors without their secrets, recent alerts, interface errors and metrics as ids, codes and counts, and the engine's recent log. No message content, patient data or secrets.
            </Text>
            <DiagnosticsButton />
          </Paper>
        </Stack>
      )}
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}
