import type { DataDirPart, StoreOverview } from '@contract/store';
import { Button, Code, CopyButton, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { formatBytes } from './byte-size';

const PART_LABELS: Record<DataDirPart, string> = {
  database: 'Message store (database and write-ahead log)',
  journal: 'Intake journal',
  bulkExports: 'FHIR bulk export files',
  bulkImports: 'FHIR bulk import staging',
  dataBatches: 'Data import and export batch files',
  restore: 'Restore being staged',
  keys: 'Secret key files',
  other: 'Other files',
};

/** Where the engine keeps its data, what is in it, and the disk it is on. */
export function DataLocationSection({ store }: { store: StoreOverview }) {
  const { usage } = store;
  const { totalBytes, freeBytes } = usage.volume;
  const usedPercent = totalBytes && freeBytes !== null ? Math.round(((totalBytes - freeBytes) / totalBytes) * 100) : null;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text size="sm">Data directory:</Text>
        <Code data-testid="data-directory">{store.dataDirectory}</Code>
        <CopyButton value={store.dataDirectory}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" color={copied ? 'green' : undefined} onClick={copy} aria-label="Copy the data directory">
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Table data-testid="data-usage">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>What</Table.Th>
            <Table.Th>Files</Table.Th>
            <Table.Th>Size</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {usage.parts.map((p) => (
            <Table.Tr key={p.part}>
              <Table.Td>{PART_LABELS[p.part]}</Table.Td>
              <Table.Td>{p.files}</Table.Td>
              <Table.Td>{formatBytes(p.bytes)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>Backups (in the backup folder)</Table.Td>
            <Table.Td>{store.backups.files.length}</Table.Td>
            <Table.Td>{formatBytes(usage.backupsBytes)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <div data-testid="volume">
        <Text size="sm">
          Disk: {formatBytes(freeBytes)} free of {formatBytes(totalBytes)}
          {usedPercent !== null && ` (${usedPercent}% used)`}
        </Text>
        {usedPercent !== null && <Progress value={usedPercent} color={usedPercent > 90 ? 'red' : 'blue'} mt={4} aria-label="Disk used" />}
      </div>
      <Text size="xs" c="dimmed">
        {usage.diskGuard.refuseBelowBytes === 0
          ? 'The free-disk guard is off (floor 0): intake never refuses for disk space.'
          : `Free-disk guard: an alert below ${formatBytes(usage.diskGuard.warnBelowBytes)} free; intake refuses messages below ${formatBytes(usage.diskGuard.refuseBelowBytes)} and accepts again above ${formatBytes(usage.diskGuard.resumeAboveBytes)}.`}
      </Text>
    </Stack>
  );
}
