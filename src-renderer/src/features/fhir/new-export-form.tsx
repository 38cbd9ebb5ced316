import { FhirExportLevel } from '@contract/fhir-exports';
import { Alert, Button, Group, Modal, MultiSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { levelLabels, sinceInstant } from './fhir-export-format';
import { resourceTypes } from './fhir-query';

interface Values {
  level: FhirExportLevel;
  groupId: string;
  types: string[];
  since: string;
}

const levelHelp: Record<FhirExportLevel, string> = {
  system: 'Every resource in the store.',
  patient: 'Patients and the resources about them.',
  group: 'The members of one Group and the resources about them.',
};

/** Starts a Bulk Data export with the options $export takes: level, _type and _since. */
export function NewExportForm({ onClose }: { onClose: () => void }) {
  const start = useApiMutation('fhirExports.start');
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { level: 'system', groupId: '', types: [], since: '' },
    validate: {
      groupId: (value, values) => (values.level === 'group' && value.trim() === '' ? 'Name the Group to export' : null),
      since: (value) => (value !== '' && sinceInstant(value) === undefined ? 'Pick a date' : null),
    },
  });

  const submit = form.onSubmit((values) => {
    setFailure(null);
    const since = sinceInstant(values.since);
    start.mutate(
      { level: values.level, ...(values.level === 'group' && { groupId: values.groupId.trim() }), ...(values.types.length > 0 && { types: values.types }), ...(since && { since }) },
      {
        onSuccess: () => {
          notifySuccess('Export started');
          onClose();
        },
        onError: (error) => {
          const fields = Object.entries(error.fieldErrors);
          // `types.1` and the like belong to the one types field.
          if (fields.length > 0) form.setErrors(Object.fromEntries(fields.map(([path, messages]) => [path.split('.')[0] ?? path, messages.join('; ')])));
          else setFailure(error.message);
        },
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title="New export" size="md">
      <form onSubmit={submit} data-testid="new-export-form">
        <Stack gap="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Level
            </Text>
            <SegmentedControl data={FhirExportLevel.options.map((value) => ({ value, label: levelLabels[value] }))} {...form.getInputProps('level')} />
            <Text size="xs" c="dimmed">
              {levelHelp[form.values.level]}
            </Text>
          </Stack>
          {form.values.level === 'group' && <TextInput label="Group id" placeholder="e.g. cardiology-cohort" {...form.getInputProps('groupId')} />}
          <MultiSelect label="Resource types" description="_type; leave empty for every type in scope" placeholder="All types" data={[...resourceTypes]} searchable clearable {...form.getInputProps('types')} />
          <TextInput type="date" label="Changed since" description="_since; leave empty for everything" {...form.getInputProps('since')} />
          {failure && (
            <Alert color="red" variant="light" title="The export did not start" data-testid="new-export-error">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={start.isPending}>
              Start export
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
