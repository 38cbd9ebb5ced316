import { Alert, Button, Group, Modal, MultiSelect, SegmentedControl, Stack, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { resourceTypes } from '../fhir/fhir-query';

/** Starts an export: FHIR NDJSON by type and dates, or the message log as CSV, PHI masked by choice. */
export function ExportForm({ onClose }: { onClose: () => void }) {
  const create = useApiMutation('dataExportBatches.create');
  const [format, setFormat] = useState<'fhir-ndjson' | 'message-log-csv'>('fhir-ndjson');
  const [types, setTypes] = useState<string[]>(['Patient']);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [maskPhi, setMaskPhi] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const start = () => {
    setFailure(null);
    const input = format === 'fhir-ndjson' ? { format, resourceTypes: types, ...(since && { since }), ...(until && { until }) } : { format, maskPhi, filters: { ...(since && { from: since }), ...(until && { to: until }) } };
    create.mutate(input, {
      onSuccess: () => {
        notifySuccess('Export started');
        onClose();
      },
      onError: (error) => setFailure(error.message),
    });
  };
  return (
    <Modal opened onClose={onClose} title="New export" size="md">
      <Stack gap="sm" data-testid="export-form">
        <SegmentedControl
          data={[
            { value: 'fhir-ndjson', label: 'FHIR NDJSON' },
            { value: 'message-log-csv', label: 'Message log CSV' },
          ]}
          value={format}
          onChange={(value) => setFormat(value as typeof format)}
        />
        {format === 'fhir-ndjson' ? (
          <MultiSelect label="Resource types" data={[...resourceTypes]} value={types} onChange={setTypes} searchable />
        ) : (
          <Switch label="Mask PHI (names, identifiers, addresses, phone numbers, birth dates)" checked={maskPhi} onChange={(event) => setMaskPhi(event.currentTarget.checked)} />
        )}
        <Group grow>
          <TextInput type="date" label={format === 'fhir-ndjson' ? 'Updated since' : 'Received from'} value={since} onChange={(event) => setSince(event.currentTarget.value)} />
          <TextInput type="date" label={format === 'fhir-ndjson' ? 'Updated before' : 'Received until'} value={until} onChange={(event) => setUntil(event.currentTarget.value)} />
        </Group>
        {failure && (
          <Alert color="red" variant="light" title="The export did not start">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={start} loading={create.isPending} disabled={format === 'fhir-ndjson' && types.length === 0} data-testid="export-start">
            Start export
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
