import type { IntegrationJob, IntegrationRun } from '@contract/integration-jobs';
import { Button, Center, Group, Paper, Progress, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatDuration, formatTimestamp } from '../../components/time-format';
import { RunDetail } from './run-detail';
import { RunStatusBadge } from './run-status-badge';

/** The job's runs, newest first; a running run shows its progress, and a run opens to its logs and errors. */
export function JobRuns({ job }: { job: IntegrationJob }) {
  const runs = useApiQuery('integrationRuns.list', { jobId: job.id, pageSize: 25 });
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <Paper withBorder mt="md" p="sm" data-testid="job-runs">
      <Title order={2} size="h4" mb="xs">
        Runs of {job.name}
      </Title>
      {runs.isPending ? (
        <LoadingState label="Loading runs" />
      ) : runs.isError ? (
        <LoadFailed title="Could not load runs" message={runs.error.message} onRetry={() => void runs.refetch()} />
      ) : runs.data.data.length === 0 ? (
        <Center p="md">
          <Text size="sm" c="dimmed">
            No runs yet. Run now, or wait for its schedule.
          </Text>
        </Center>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table data-testid="runs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Status</Table.Th>
                <Table.Th>Trigger</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Read · written · skipped · failed · conflicts</Table.Th>
                <Table.Th w={220}>Progress</Table.Th>
                <Table.Th w={120} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.data.map((run) => (
                <Fragment key={run.id}>
                  <RunRow run={run} open={openId === run.id} onToggle={() => setOpenId(openId === run.id ? null : run.id)} />
                  {openId === run.id && (
                    <Table.Tr>
                      <Table.Td colSpan={7}>
                        <RunDetail run={run} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function RunRow({ run, open, onToggle }: { run: IntegrationRun; open: boolean; onToggle: () => void }) {
  const { read, written, skipped, failed, conflicts } = run.counts;
  return (
    <Table.Tr data-testid="run-row" data-run-id={run.id}>
      <Table.Td>
        <RunStatusBadge status={run.status} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{run.trigger}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {formatTimestamp(run.startedAt ?? run.queuedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{run.startedAt ? (formatDuration(run.startedAt, run.finishedAt) ?? '—') : '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" data-testid="run-counts">
          {read} · {written} · {skipped} · {failed} · {conflicts}
        </Text>
        {run.error && (
          <Text size="xs" c="red.8">
            {run.error.code}: {run.error.message}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <RunProgress run={run} />
      </Table.Td>
      <Table.Td>
        <Group justify="flex-end">
          <Button size="compact-xs" variant="subtle" onClick={onToggle} aria-expanded={open}>
            {open ? 'Hide logs' : 'Logs & errors'}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function RunProgress({ run }: { run: IntegrationRun }) {
  if (run.status !== 'running' || !run.progress) return <Text size="sm">{run.progress ? `${run.progress.done}${run.progress.total === null ? '' : ` of ${run.progress.total}`}` : '—'}</Text>;
  const { done, total } = run.progress;
  const percent = total ? Math.min(100, (done / total) * 100) : 100;
  return (
    <Group gap={6} wrap="nowrap">
      <Progress value={percent} striped animated={total === null} w={120} aria-label={`Progress of run ${run.id}`} data-testid="run-progress" />
      <Text size="xs" ff="monospace">
        {done}
        {total === null ? '' : `/${total}`}
      </Text>
    </Group>
  );
}
