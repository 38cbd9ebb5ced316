import type { DataExportBatch, DataImportBatch } from '@contract/data-batches';
import { Anchor, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import { useApiClient, useApiQuery } from '../../api/query-hooks';
import { notifyError } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { ExportForm } from './export-form';
import { ImportForm } from './import-form';
import { saveDownload } from './save-download';

/** Progress is polled while a batch runs; its change events are throttled and say only that something moved. */
const PROGRESS_POLL_MS = 1_000;
const running = (b: { status: string }) => b.status === 'queued' || b.status === 'running';
const statusColor: Record<string, string> = { queued: 'gray', running: 'blue', completed: 'green', failed: 'red' };

function StatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={statusColor[status] ?? 'gray'} data-testid="batch-status">
      {status}
    </Badge>
  );
}

/** A list of batches with its loading, failed and empty states. */
function BatchSection<T>({ title, noun, query, emptyTestId, children }: { title: string; noun: string; query: UseQueryResult<{ data: T[] }, ApiError>; emptyTestId?: string; children: (batches: T[]) => ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {query.isPending ? (
        <LoadingState label={`Loading ${noun}`} />
      ) : query.isError ? (
        <LoadFailed title={`Could not load ${noun}`} message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid={emptyTestId}>
          No {noun} yet.
        </Text>
      ) : (
        children(query.data.data)
      )}
    </Paper>
  );
}

function useDownload() {
  const client = useApiClient();
  return (operation: 'dataImportBatches.download' | 'dataExportBatches.download', id: string, name: string) =>
    client
      .call(operation, { id, name })
      .then(saveDownload)
      .catch((error: unknown) => notifyError(`Could not download ${name}`, error instanceof Error ? error.message : String(error)));
}

function ImportsTable({ batches }: { batches: DataImportBatch[] }) {
  const download = useDownload();
  return (
    <Table striped highlightOnHover data-testid="imports-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>File</Table.Th>
          <Table.Th>Format</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th w={200}>Progress</Table.Th>
          <Table.Th>Counts</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>Errors</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {batches.map((b) => (
          <Table.Tr key={b.id} data-testid="import-row" data-id={b.id}>
            <Table.Td>{b.fileName}</Table.Td>
            <Table.Td>{b.format}</Table.Td>
            <Table.Td>
              <StatusBadge status={b.status} />
              {b.error && (
                <Text size="xs" c="red">
                  {b.error}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Progress value={b.progress * 100} aria-label={`${Math.round(b.progress * 100)}% done`} />
              <Text size="xs" c="dimmed">
                {b.processed} / {b.total}
              </Text>
            </Table.Td>
            <Table.Td data-testid="import-counts">
              <Text size="xs">
                {b.succeeded} succeeded{b.duplicates > 0 && ` (${b.duplicates} already imported)`}, {b.failed} failed
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{b.startedAt ? formatTimestamp(b.startedAt) : '—'}</Text>
            </Table.Td>
            <Table.Td>
              {b.failed > 0 ? (
                <Anchor size="sm" component="button" onClick={() => void download('dataImportBatches.download', b.id, 'errors.csv')} data-testid="error-report">
                  errors.csv
                </Anchor>
              ) : (
                <Text size="xs" c="dimmed">
                  none
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ExportsTable({ batches }: { batches: DataExportBatch[] }) {
  const download = useDownload();
  return (
    <Table striped highlightOnHover data-testid="exports-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Format</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th w={200}>Progress</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>Files</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {batches.map((b) => (
          <Table.Tr key={b.id} data-testid="export-row">
            <Table.Td>{b.format === 'fhir-ndjson' ? 'FHIR NDJSON' : 'Message log CSV'}</Table.Td>
            <Table.Td>
              <StatusBadge status={b.status} />
            </Table.Td>
            <Table.Td>
              <Progress value={b.progress * 100} aria-label={`${Math.round(b.progress * 100)}% done`} />
              <Text size="xs" c="dimmed">
                {b.processed} / {b.total}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{b.startedAt ? formatTimestamp(b.startedAt) : '—'}</Text>
            </Table.Td>
            <Table.Td>
              <Group gap="xs">
                {b.status === 'completed' &&
                  b.files.map((f) => (
                    <Anchor key={f.name} size="sm" component="button" onClick={() => void download('dataExportBatches.download', b.id, f.name)} data-testid="export-file">
                      {f.name} ({f.records})
                    </Anchor>
                  ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** `/data`: import files (CSV mapped to Patients, FHIR NDJSON, HL7 batch files) and export the store or the message log. */
export function DataBatchesPage() {
  const [form, setForm] = useState<'import' | 'export' | null>(null);
  const imports = useApiQuery('dataImportBatches.list', { pageSize: 25 }, { refetchInterval: (q) => (q.state.data?.data.some(running) ? PROGRESS_POLL_MS : false) });
  const exports = useApiQuery('dataExportBatches.list', { pageSize: 25 }, { refetchInterval: (q) => (q.state.data?.data.some(running) ? PROGRESS_POLL_MS : false) });
  return (
    <>
      <PageHeader
        title="Import / Export"
        description="Import CSV, FHIR NDJSON and HL7 batch files in resumable batches; export FHIR resources or the message log."
        actions={
          <Group gap="xs">
            <Button onClick={() => setForm('import')} data-testid="new-import">
              New import
            </Button>
            <Button variant="light" onClick={() => setForm('export')} data-testid="new-export">
              New export
            </Button>
          </Group>
        }
      />
      <Stack gap="lg">
        <BatchSection title="Imports" noun="imports" query={imports} emptyTestId="imports-empty">
          {(batches) => <ImportsTable batches={batches} />}
        </BatchSection>
        <BatchSection title="Exports" noun="exports" query={exports}>
          {(batches) => <ExportsTable batches={batches} />}
        </BatchSection>
      </Stack>
      {form === 'import' && <ImportForm onClose={() => setForm(null)} />}
      {form === 'export' && <ExportForm onClose={() => setForm(null)} />}
    </>
  );
}
