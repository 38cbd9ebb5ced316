import type { IntegrationJob } from '@contract/integration-jobs';
import { Button, Center, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { JobForm } from './job-form';
import { JobRuns } from './job-runs';
import { JobsTable } from './jobs-table';

/** `/jobs`: scheduled integration jobs; selecting one (kept in the URL) shows its runs. */
export function JobsPage() {
  const jobs = useApiQuery('integrationJobs.list', { pageSize: 500 });
  const [params, setParams] = useSearchParams();
  const [formTarget, setFormTarget] = useState<{ job: IntegrationJob | null } | null>(null);
  const selectedId = params.get('job');
  const selected = jobs.data?.data.find((j) => j.id === selectedId) ?? null;
  const select = (id: string | null) => setParams(id ? { job: id } : {}, { replace: true });

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Scheduled integration jobs (bulk $export, syncs, import and export batches) and the record of each run."
        actions={<Button onClick={() => setFormTarget({ job: null })}>New job</Button>}
      />
      <Paper withBorder>
        {jobs.isPending ? (
          <LoadingState label="Loading jobs" />
        ) : jobs.isError ? (
          <LoadFailed title="Could not load jobs" message={jobs.error.message} onRetry={() => void jobs.refetch()} />
        ) : jobs.data.data.length === 0 ? (
          <Center p="xl" data-testid="jobs-empty">
            <Text size="sm" c="dimmed">
              No jobs yet. Create one to run a bulk $export every night, or any other kind of job on a cron schedule.
            </Text>
          </Center>
        ) : (
          <JobsTable jobs={jobs.data.data} selectedId={selectedId} onSelect={select} onEdit={(job) => setFormTarget({ job })} />
        )}
      </Paper>
      {selected && <JobRuns key={selected.id} job={selected} />}
      {formTarget && <JobForm job={formTarget.job} onClose={() => setFormTarget(null)} />}
    </>
  );
}
