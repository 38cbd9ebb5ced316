import { Button, Center, Group, Pagination, Paper, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ExportJobsTable } from './export-jobs-table';
import { FhirAreaTabs } from './fhir-area-tabs';
import { isRunning } from './fhir-export-format';
import { NewExportForm } from './new-export-form';

const PAGE_SIZE = 25;
/** Only starts, ends and cancels are change events; a running export's progress is polled at this pace. */
const PROGRESS_POLL_MS = 1_000;

/** `/fhir/exports`: Bulk Data $export jobs with their progress and files. */
export function FhirExportsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [creating, setCreating] = useState(false);
  const list = useApiQuery(
    'fhirExports.list',
    { page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData, refetchInterval: (query) => (query.state.data?.data.some(isRunning) ? PROGRESS_POLL_MS : false) },
  );
  const openNew = () => setCreating(true);

  return (
    <>
      <PageHeader
        title="FHIR"
        description="Bulk Data exports of the local FHIR store as NDJSON files, started here or through $export."
        actions={<Button onClick={openNew}>New export</Button>}
      />
      <FhirAreaTabs value="exports" />
      <Paper withBorder>
        {list.isPending ? (
          <LoadingState label="Loading exports" />
        ) : list.isError ? (
          <LoadFailed title="Could not load exports" message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data.data.length === 0 ? (
          <Center p="xl" data-testid="exports-empty">
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                {list.data.total > 0 ? 'No exports on this page.' : 'No exports yet. Start one to write the FHIR store to NDJSON files.'}
              </Text>
              <Button size="xs" variant="light" onClick={openNew}>
                New export
              </Button>
            </Group>
          </Center>
        ) : (
          <ExportJobsTable jobs={list.data.data} />
        )}
      </Paper>
      {list.data && list.data.total > list.data.pageSize && (
        <Group justify="flex-end" mt="sm">
          <Pagination size="sm" total={Math.ceil(list.data.total / list.data.pageSize)} value={list.data.page} onChange={(next) => setParams({ page: String(next) }, { replace: true })} />
        </Group>
      )}
      {creating && <NewExportForm onClose={() => setCreating(false)} />}
    </>
  );
}
