import type { IntegrationJob } from '@contract/integration-jobs';
import { Checkbox, List, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { FormFooter } from '../../components/form-footer';
import { notifySuccess } from '../../components/notify';
import { MONOSPACE_INPUT } from '../../components/monospace-input';
import { formatTimestamp } from '../../components/time-format';
import { jobValuesOf, parseConfig, placeJobErrors, toCreateJob, toUpdateJob, type JobFormValues } from './job-form-values';
import { previewSchedule } from './schedule-preview';

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
// Browsers list canonical zones only; UTC (the engine's default) and the stored zone are always offered.
const zoneOptionsWith = (current: string): string[] => [...new Set(['UTC', current, ...Intl.supportedValuesOf('timeZone')])];

const overlapOptions = [
  { value: 'skip', label: 'Skip the due run (and count it)' },
  { value: 'queue', label: 'Queue it to start when the running one ends' },
];
const catchUpOptions = [
  { value: 'run-once', label: 'Run once at start-up' },
  { value: 'skip', label: 'Skip to the next due time' },
];

/** Creates a job (`job` null) or edits one; closes itself on success. */
export function JobForm({ job, onClose }: { job: IntegrationJob | null; onClose: () => void }) {
  const create = useApiMutation('integrationJobs.create');
  const update = useApiMutation('integrationJobs.update');
  const kinds = useApiQuery('integrationJobs.kinds', {});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const form = useForm<JobFormValues>({
    initialValues: jobValuesOf(job, localZone),
    validateInputOnChange: ['schedule'],
    validate: {
      name: (v) => (v.trim() === '' ? 'Name is required' : null),
      kind: (v) => (v === '' ? 'Choose a kind' : null),
      schedule: (v, values) => {
        const preview = previewSchedule(v, values.timeZone, new Date());
        return preview && 'error' in preview ? preview.error : null;
      },
      config: (v) => {
        const parsed = parseConfig(v);
        return parsed.ok ? null : parsed.error;
      },
    },
  });
  const { schedule, timeZone } = form.getValues();
  const preview = useMemo(() => previewSchedule(schedule, timeZone, new Date()), [schedule, timeZone]);

  const showApiError = (error: ApiError) => {
    const placed = placeJobErrors(error.fieldErrors);
    form.setErrors(placed.errors);
    setUnplaced(Object.keys(placed.errors).length > 0 ? placed.unplaced : [error.message]);
  };
  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    const parsed = parseConfig(values.config);
    if (!parsed.ok) return;
    const callbacks = {
      onSuccess: (saved: IntegrationJob) => {
        notifySuccess(`${job ? 'Saved' : 'Created'} ${saved.name}`);
        onClose();
      },
      onError: showApiError,
    };
    if (job) update.mutate(toUpdateJob(values, parsed.config, job), callbacks);
    else create.mutate(toCreateJob(values, parsed.config), callbacks);
  });

  return (
    <Modal opened onClose={onClose} title={job ? `Edit job · ${job.name}` : 'New job'} size="lg" closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate data-testid="job-form">
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="Name" withAsterisk data-autofocus {...form.getInputProps('name')} />
            <Select label="Kind" withAsterisk disabled={job !== null} data={kinds.data?.data ?? []} placeholder="bulk-export…" {...form.getInputProps('kind')} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Schedule (cron)"
              placeholder="*/15 * * * *"
              description="Five fields (minute hour day month weekday), or six with seconds first; blank runs only by hand"
              styles={MONOSPACE_INPUT}
              {...form.getInputProps('schedule')}
            />
            <Select label="Time zone" data={zoneOptionsWith(timeZone)} searchable allowDeselect={false} {...form.getInputProps('timeZone')} />
          </SimpleGrid>
          <SchedulePreviewText preview={preview} />
          <SimpleGrid cols={2} spacing="sm">
            <Select label="When a run is still going" data={overlapOptions} allowDeselect={false} {...form.getInputProps('overlap')} />
            <Select label="Runs missed while the engine was off" data={catchUpOptions} allowDeselect={false} {...form.getInputProps('catchUp')} />
          </SimpleGrid>
          <Textarea label="Settings (JSON)" description="The kind's settings, such as { &quot;keepDays&quot;: 7 } for bulk-export" autosize minRows={3} maxRows={12} styles={MONOSPACE_INPUT} {...form.getInputProps('config')} />
          <Checkbox label="Enabled (runs on its schedule)" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <FormFooter unplaced={unplaced} errorTestId="job-form-error" saving={create.isPending || update.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function SchedulePreviewText({ preview }: { preview: ReturnType<typeof previewSchedule> }) {
  if (preview === null) return null;
  if ('error' in preview) return null;
  return (
    <Stack gap={2} data-testid="schedule-preview">
      <Text size="sm" fw={600}>
        {preview.words}
      </Text>
      <Text size="xs" c="dimmed">
        Next runs (your local time):
      </Text>
      <List size="xs" spacing={0}>
        {preview.next.map((at) => (
          <List.Item key={at.getTime()} ff="monospace">
            {formatTimestamp(at.toISOString())}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
