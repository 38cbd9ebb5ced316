import type { FhirExportJob } from '@contract/fhir-exports';
import { Badge, Group, Progress, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { formatTimestamp } from '../../components/time-format';
import { ExportCancel } from './export-cancel';
import { ExportFileLink } from './export-file-link';
import { ExportStatusBadge } from './export-status-badge';
import { isRunning, progressPercent, scopeText } from './fhir-export-format';

/** `_since` as a date when it is a day's start (as the form sends it), else to the millisecond. */
const sinceText = (iso: string): string => formatTimestamp(iso).replace(/ 00:00:00\.000$/, '');

export function ExportJobsTable({ jobs }: { jobs: readonly FhirExportJob[] }) {
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="exports-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={190}>Started</Table.Th>
            <Table.Th miw={220}>Scope</Table.Th>
            <Table.Th w={120}>Status</Table.Th>
            <Table.Th w={200}>Progress</Table.Th>
            <Table.Th miw={220}>Files</Table.Th>
            <Table.Th w={200}>Links expire</Table.Th>
            <Table.Th w={80}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <ExportRow key={job.id} job={job} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ExportRow({ job }: { job: FhirExportJob }) {
  const running = isRunning(job);
  return (
    <Table.Tr data-testid="export-row" data-export-id={job.id} data-status={job.status}>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            {formatTimestamp(job.createdAt)}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {job.id}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="export-scope">
          {scopeText(job, sinceText)}
        </Text>
      </Table.Td>
      <Table.Td>
        <ExportStatusBadge status={job.status} />
      </Table.Td>
      <Table.Td>
        {running ? (
          <Stack gap={4}>
            <Progress value={progressPercent(job)} size="sm" animated aria-label="Export progress" data-testid="export-progress" />
            <Text size="xs" c="dimmed">
              {job.total > 0 ? `${job.progress} of ${job.total} resources` : 'Counting resources…'}
            </Text>
          </Stack>
        ) : job.status === 'failed' ? (
          <Text size="xs" c="red.7" lineClamp={3} data-testid="export-error">
            {job.error ?? 'The export failed'}
          </Text>
        ) : (
          <Text size="sm" data-testid="export-total">
            {job.progress} resources
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {job.status === 'complete' && job.files.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing matched
          </Text>
        ) : job.status === 'complete' ? (
          <Group gap="xs">
            {job.files.map((file) => (
              <ExportFileLink key={file.type} jobId={job.id} file={file} />
            ))}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {job.expired ? (
          <Badge color="gray" variant="outline" size="sm">
            expired
          </Badge>
        ) : (
          <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            {formatTimestamp(job.expiresAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group justify="flex-end">
          <ExportCancel job={job} />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
