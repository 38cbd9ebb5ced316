import type { DataImportFormat } from '@contract/data-batches';
import { Alert, Button, FileInput, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { PATIENT_FIELDS, columnRules, guessField, headOf } from './csv-columns';

const formatOf = (name: string): DataImportFormat => (/\.csv$/i.test(name) ? 'csv' : /\.(hl7|txt)$/i.test(name) ? 'hl7-batch' : 'fhir-ndjson');
const FORMATS = [
  { value: 'csv', label: 'CSV (mapped to Patient)' },
  { value: 'fhir-ndjson', label: 'FHIR NDJSON' },
  { value: 'hl7-batch', label: 'HL7 v2 batch file' },
];

/** Upload a file, map a CSV's columns with a preview of its first rows, and start the import. */
export function ImportForm({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [content, setContent] = useState<string>('');
  const [format, setFormat] = useState<DataImportFormat>('csv');
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [connectorId, setConnectorId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const create = useApiMutation('dataImportBatches.create');
  const preview = useApiMutation('dataImportBatches.preview');
  const connectors = useApiQuery('connectors.list', { pageSize: 500 }, { enabled: format === 'hl7-batch' });
  const rules = useMemo(() => columnRules(choices), [choices]);

  useEffect(() => {
    if (!file) return;
    void file.text().then((text) => {
      setContent(text);
      setFormat(formatOf(file.name));
    });
  }, [file]);

  const { mutate: runPreview } = preview;
  useEffect(() => {
    if (format !== 'csv' || content === '') return;
    runPreview({ content: headOf(content), rows: 5 }, { onSuccess: (answer) => setChoices(Object.fromEntries(answer.columns.map((c) => [c, guessField(c)]))) });
  }, [format, content, runPreview]);

  const mappedPreview = useApiQuery(
    'dataImportBatches.preview',
    { content: headOf(content), rows: 5, mapping: { resourceType: 'Patient', columns: rules } },
    { enabled: format === 'csv' && rules.length > 0, retry: false },
  );

  const columns = preview.data?.columns ?? [];
  const start = () => {
    if (!file) return;
    setFailure(null);
    create.mutate(
      { fileName: file.name, format, content, ...(format === 'csv' && { mapping: { resourceType: 'Patient', columns: rules } }), ...(format === 'hl7-batch' && connectorId && { connectorId }) },
      {
        onSuccess: () => {
          notifySuccess('Import started');
          onClose();
        },
        onError: (error) => setFailure(error.message),
      },
    );
  };
  const mappedErrors = mappedPreview.data?.mapped.filter((row) => row.errors.length > 0) ?? [];

  return (
    <Modal opened onClose={onClose} title="New import" size="xl">
      <Stack gap="sm" data-testid="import-form">
        <FileInput label="File" placeholder="Choose a .csv, .ndjson or .hl7 file" value={file} onChange={setFile} accept=".csv,.ndjson,.json,.hl7,.txt" data-testid="import-file" clearable />
        <Select label="Format" data={FORMATS} value={format} onChange={(value) => value && setFormat(value as DataImportFormat)} allowDeselect={false} />
        {format === 'hl7-batch' && (
          <Select
            label="Connector"
            description="The messages are stored under this connector, as if it had received them, and processed"
            data={(connectors.data?.data ?? []).filter((c) => c.direction !== 'outbound').map((c) => ({ value: c.id, label: c.name }))}
            value={connectorId}
            onChange={setConnectorId}
          />
        )}
        {format === 'csv' && columns.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Columns → Patient fields ({preview.data?.total ?? 0} rows in the part previewed)
            </Text>
            <Table withTableBorder striped fz="xs" data-testid="csv-preview">
              <Table.Thead>
                <Table.Tr>
                  {columns.map((column) => (
                    <Table.Th key={column}>
                      <Stack gap={2}>
                        <Text size="xs" fw={600}>
                          {column}
                        </Text>
                        <Select
                          size="xs"
                          aria-label={`Field for ${column}`}
                          placeholder="Not imported"
                          data={PATIENT_FIELDS.map((f) => ({ value: f.value, label: f.label }))}
                          value={choices[column] || null}
                          onChange={(value) => setChoices((current) => ({ ...current, [column]: value ?? '' }))}
                          clearable
                        />
                      </Stack>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(preview.data?.rows ?? []).map((row, i) => (
                  <Table.Tr key={i}>
                    {columns.map((column, j) => (
                      <Table.Td key={column}>{row[j] ?? ''}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {mappedErrors.length > 0 && (
              <Alert color="yellow" variant="light" title="Some preview rows would fail">
                {mappedErrors.map((row) => `line ${row.line}: ${row.errors.map((e) => e.message).join('; ')}`).join(' · ')}
              </Alert>
            )}
          </Stack>
        )}
        {failure && (
          <Alert color="red" variant="light" title="The import did not start" data-testid="import-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={start} loading={create.isPending} disabled={!file || content === '' || (format === 'csv' && rules.length === 0) || (format === 'hl7-batch' && !connectorId)} data-testid="import-start">
            Start import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
