import type { Bundle } from '@medplum/fhirtypes';
import { Alert, Box, Center, Group, Loader, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { formatTimestamp } from '../../components/time-format';
import { historyVersions } from './fhir-history-versions';
import { FhirJsonView } from './fhir-json-view';
import { errorText } from './fhir-outcome';

/** The resource's versions, newest first; the one clicked is shown as it was stored. */
export function FhirHistory({ type, id }: { type: string; id: string }) {
  const history = useApiQuery('fhir.history', { resourceType: type, id });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  if (history.isPending) {
    return (
      <Center p="md">
        <Loader size="sm" aria-label="Loading history" />
      </Center>
    );
  }
  if (history.isError) {
    return (
      <Alert color="red" variant="light" title="Could not load the history">
        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
          {errorText(history.error.message, history.error.details)}
        </Text>
      </Alert>
    );
  }
  const versions = historyVersions(history.data as unknown as Bundle);
  const selected = versions.find((v) => v.versionId === selectedId) ?? versions[0];

  return (
    <Group gap="sm" align="flex-start" wrap="nowrap">
      <Box w={380} style={{ flex: 'none' }}>
        <Table highlightOnHover withTableBorder verticalSpacing={4} data-testid="fhir-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Version</Table.Th>
              <Table.Th>Last updated</Table.Th>
              <Table.Th w={80}>Method</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((version) => (
              <Table.Tr
                key={version.versionId}
                data-testid="fhir-version"
                data-version={version.versionId}
                aria-selected={version === selected}
                onClick={() => setSelectedId(version.versionId)}
                style={{ cursor: 'pointer' }}
                bg={version === selected ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td ff="monospace" fz="sm">
                  {version.versionId}
                </Table.Td>
                <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                  {formatTimestamp(version.lastUpdated ?? null)}
                </Table.Td>
                <Table.Td ff="monospace" fz="sm">
                  {version.method}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>
        {selected?.resource ? (
          <FhirJsonView key={selected.versionId} value={selected.resource} label={`Version ${selected.versionId} as JSON`} />
        ) : (
          <Text size="sm" c="dimmed" p="sm">
            Version {selected?.versionId} deleted the resource; there is no content to show.
          </Text>
        )}
      </Box>
    </Group>
  );
}
