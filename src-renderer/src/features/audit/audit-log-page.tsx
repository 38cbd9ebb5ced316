import { AuditOutcome, type AuditChainReport, type AuditEventFilter } from '@contract/audit';
import { Alert, Button, Center, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../../api/query-hooks';
import { DebouncedTextInput } from '../../components/debounced-text-input';
import { notifyError } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { DownloadButton } from '../../components/download-button';
import { saveBlob } from '../../components/save-blob';
import { localZoneLabel } from '../../components/time-format';
import { useUrlParams } from '../../components/use-url-params';
import { auditFilterOf, exportUrlOf } from './audit-filters';
import { AuditEventsTable } from './audit-events-table';

const PAGE_SIZE = 100;
const outcomeOptions = AuditOutcome.options.map((o) => ({ value: o, label: o }));

const pad = (n: number) => String(n).padStart(2, '0');
/** An ISO instant as a `datetime-local` input shows it (local time, to the minute). */
const toLocalInput = (iso: string | undefined): string => {
  if (iso === undefined) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (value: string): string | null => (value === '' || Number.isNaN(Date.parse(value)) ? null : new Date(value).toISOString());

/** `/audit`: the append-only audit log, newest first, filtered in the URL, with export and a check of its hash chain. */
export function AuditLogPage() {
  const [params, setParam] = useUrlParams();
  const filter = auditFilterOf(params);
  const client = useApiClient();
  const input = { ...filter, pageSize: PAGE_SIZE };
  const query = useInfiniteQuery({
    queryKey: ['auditEvents.list', input] as const,
    queryFn: ({ pageParam }) => client.call('auditEvents.list', pageParam === undefined ? input : { ...input, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Entries are not change events: each visit reads the log afresh.
    staleTime: 0,
  });
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, from where, to what, and how it ended; kept 400 days, never changed. A change shows as its request and, beneath it, the service's record of what it changed."
        actions={
          <>
            <Button variant="default" size="xs" loading={query.isFetching && !query.isFetchingNextPage} onClick={() => void query.refetch()}>
              Refresh
            </Button>
            <ExportButton filter={filter} format="csv" />
            <ExportButton filter={filter} format="ndjson" />
            <VerifyButton />
          </>
        }
      />
      <Group mb="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="datetime-local"
          label={`From (${localZoneLabel()})`}
          value={toLocalInput(filter.since)}
          onChange={(event) => setParam('since', fromLocalInput(event.currentTarget.value))}
        />
        <TextInput type="datetime-local" label="Until" value={toLocalInput(filter.until)} onChange={(event) => setParam('until', fromLocalInput(event.currentTarget.value))} />
        <DebouncedTextInput label="Actor" placeholder="Any actor id" initialValue={filter.actor ?? ''} onSettled={(value) => setParam('actor', value.trim())} />
        <DebouncedTextInput label="Action" placeholder="connectors.update" initialValue={filter.action ?? ''} onSettled={(value) => setParam('action', value.trim())} />
        <DebouncedTextInput label="Target" placeholder="An id or a type" initialValue={filter.target ?? ''} onSettled={(value) => setParam('target', value.trim())} />
        <Select label="Outcome" placeholder="Any outcome" clearable data={outcomeOptions} value={filter.outcome ?? null} onChange={(value) => setParam('outcome', value)} />
      </Group>
      <Paper withBorder>
        {query.isPending ? (
          <LoadingState label="Loading the audit log" />
        ) : query.isError ? (
          <LoadFailed title="Could not load the audit log" message={query.error.message} onRetry={() => void query.refetch()} />
        ) : rows.length === 0 ? (
          <Center p="xl" data-testid="audit-empty">
            <Text size="sm" c="dimmed">
              No entry matches these filters.
            </Text>
          </Center>
        ) : (
          <>
            <AuditEventsTable events={rows} />
            {query.hasNextPage && (
              <Group justify="center" p="xs">
                <Button variant="default" size="xs" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                  Load more
                </Button>
              </Group>
            )}
          </>
        )}
      </Paper>
    </>
  );
}

/** Over HTTP the export is fetched as the file the engine answers; over IPC the operation answers its content. */
function ExportButton({ filter, format }: { filter: AuditEventFilter; format: 'csv' | 'ndjson' }) {
  const client = useApiClient();
  const download = async (): Promise<void> => {
    const name = `audit-events.${format}`;
    if (client.fetchFile) return saveBlob(await client.fetchFile(exportUrlOf(filter, format)), name);
    const file = await client.call('auditEvents.export', { ...filter, format });
    saveBlob(new Blob([file.content], { type: file.contentType }), file.name);
  };
  return (
    <DownloadButton download={download} failure="Could not export the audit log">
      {format === 'csv' ? 'Export CSV' : 'Export NDJSON'}
    </DownloadButton>
  );
}

function VerifyButton() {
  const client = useApiClient();
  const [report, setReport] = useState<AuditChainReport | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = () => {
    setBusy(true);
    client
      .call('auditEvents.verify', {})
      .then(setReport)
      .catch((error: unknown) => notifyError('Could not verify the audit log', error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Button size="xs" loading={busy} onClick={verify}>
        Verify chain
      </Button>
      {report && <ChainReport report={report} onClose={() => setReport(null)} />}
    </>
  );
}

function ChainReport({ report, onClose }: { report: AuditChainReport; onClose: () => void }) {
  const unchained = report.unchained > 0 ? ` ${report.unchained} older entries predate the chain.` : '';
  return (
    <Alert
      role="status"
      data-testid="audit-verify-result"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      color={report.intact ? 'green' : 'red'}
      variant="light"
      title={report.intact ? 'Chain intact' : 'Chain broken'}
      style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 200, maxWidth: 420 }}
    >
      {report.intact ? `All ${report.checked} chained entries match their hashes.${unchained}` : `Entry ${report.brokenAt ?? '?'} does not match its hash or its predecessor; ${report.checked} entries checked.${unchained}`}
    </Alert>
  );
}
