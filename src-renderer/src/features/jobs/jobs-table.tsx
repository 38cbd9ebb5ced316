import type { IntegrationJob } from '@contract/integration-jobs';
import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { DeleteConfirmation } from '../../components/delete-confirmation';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatTimestamp } from '../../components/time-format';
import { RunStatusBadge } from './run-status-badge';
import { scheduleInWords } from './schedule-preview';

interface JobsTableProps {
  jobs: readonly IntegrationJob[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onEdit: (job: IntegrationJob) => void;
}

export function JobsTable({ jobs, selectedId, onSelect, onEdit }: JobsTableProps) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover data-testid="jobs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={160}>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Schedule</Table.Th>
            <Table.Th>Next run</Table.Th>
            <Table.Th>Last result</Table.Th>
            <Table.Th w={260}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} selected={job.id === selectedId} onSelect={() => onSelect(job.id === selectedId ? null : job.id)} onEdit={() => onEdit(job)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function JobRow({ job, selected, onSelect, onEdit }: { job: IntegrationJob; selected: boolean; onSelect: () => void; onEdit: () => void }) {
  const run = useApiMutation('integrationJobs.run');
  const enable = useApiMutation('integrationJobs.enable');
  const disable = useApiMutation('integrationJobs.disable');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const toggle = job.enabled ? disable : enable;
  const runNow = () =>
    run.mutate(
      { id: job.id },
      {
        onSuccess: () => {
          notifySuccess(`${job.name}: run queued`);
          if (!selected) onSelect();
        },
        onError: (error) => notifyError(`Could not run ${job.name}`, error.message),
      },
    );
  const switchEnabled = () =>
    toggle.mutate(
      { id: job.id },
      {
        onSuccess: (saved) => notifySuccess(`${saved.name} is ${saved.enabled ? 'enabled' : 'disabled'}`),
        onError: (error) => notifyError(`Could not ${job.enabled ? 'disable' : 'enable'} ${job.name}`, error.message),
      },
    );
  return (
    <Table.Tr data-testid="job-row" data-job-name={job.name} bg={selected ? 'indigo.0' : undefined}>
      <Table.Td>
        <Button variant="subtle" size="compact-sm" fw={600} px={4} onClick={onSelect} aria-pressed={selected} aria-label={`Show runs of ${job.name}`}>
          {job.name}
        </Button>
        {!job.enabled && (
          <Badge size="xs" variant="light" color="gray" ml={4} tt="none">
            disabled
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {job.kind}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="job-schedule-words">
          {scheduleInWords(job.schedule)}
        </Text>
        {job.schedule && (
          <Text size="xs" c="dimmed" ff="monospace">
            {job.schedule} · {job.timeZone}
          </Text>
        )}
        {job.skippedRuns > 0 && (
          <Text size="xs" c="orange.9">
            {job.skippedRuns} skipped, last {job.lastSkipReason === 'missed' ? 'missed while the engine was off' : 'while a run was still going'}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {formatTimestamp(job.nextRunAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        {job.lastRun ? (
          <Group gap={6} wrap="nowrap">
            <RunStatusBadge status={job.lastRun.status} />
            <Text size="xs" c="dimmed" ff="monospace">
              {formatTimestamp(job.lastRun.finishedAt)}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            never run
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Button size="compact-xs" variant="light" loading={run.isPending} onClick={runNow}>
            Run now
          </Button>
          <Button size="compact-xs" variant="light" color={job.enabled ? 'yellow' : 'green'} loading={toggle.isPending} onClick={switchEnabled}>
            {job.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button size="compact-xs" variant="subtle" onClick={onEdit}>
            Edit
          </Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirmingDelete(true)}>
            Delete
          </Button>
        </Group>
        {confirmingDelete && (
          <DeleteConfirmation operation="integrationJobs.delete" id={job.id} name={job.name} what="job" onClose={() => setConfirmingDelete(false)}>
            Its run history, logs and errors are removed with it.
          </DeleteConfirmation>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
