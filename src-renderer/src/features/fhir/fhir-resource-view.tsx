import { sourceMessageId } from '@contract/messages';
import { Alert, Anchor, Badge, Center, Drawer, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { useReturnFocus } from '../../components/use-return-focus';
import { formatTimestamp } from '../../components/time-format';
import { FhirHistory } from './fhir-history';
import { FhirJsonView } from './fhir-json-view';
import { errorText } from './fhir-outcome';
import { summaryOf, type FhirJson } from './fhir-summary';
import { FhirValidation } from './fhir-validation';
import { useFhirErrorNotification } from './use-fhir-error-notification';

/** `/fhir/:type/:id`: the resource in a drawer over the results, which keep their search. */
export function FhirResourceView() {
  const { type = '', id = '' } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  const read = useApiQuery('fhir.read', { resourceType: type, id });
  useFhirErrorNotification('fhir-read-error', `Could not open ${type}/${id}`, read.error);
  const close = () => void navigate({ pathname: '/fhir', search });
  useReturnFocus();
  const resource = read.data as FhirJson | undefined;

  return (
    <Drawer
      opened
      onClose={close}
      position="right"
      size="min(1000px, calc(100vw - 160px))"
      title={
        <Group gap="sm" wrap="nowrap" data-testid="fhir-resource-title">
          <Text fw={700} ff="monospace" size="lg">
            {type}/{id}
          </Text>
          {resource?.meta?.versionId && (
            <Badge variant="light" size="sm" tt="none">
              v{resource.meta.versionId}
            </Badge>
          )}
        </Group>
      }
      styles={{ title: { flex: 1 } }}
    >
      {read.isPending ? (
        <Center p="xl">
          <Loader size="sm" aria-label="Loading resource" />
        </Center>
      ) : read.isError ? (
        <Alert color="red" variant="light" title={read.error.status === 404 || read.error.status === 410 ? 'Resource not found' : 'Could not load the resource'} data-testid="fhir-read-error">
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {errorText(read.error.message, read.error.details)}
          </Text>
        </Alert>
      ) : (
        // Keyed so tabs and a validation result never carry over to another resource or version.
        <ResourceBody key={`${type}/${id}/${resource?.meta?.versionId ?? ''}`} type={type} id={id} resource={read.data as FhirJson} />
      )}
    </Drawer>
  );
}

function ResourceBody({ type, id, resource }: { type: string; id: string; resource: FhirJson }) {
  const [tab, setTab] = useState<string | null>('json');
  // Resources the HL7 → FHIR mapping made name their message in meta.source.
  const sourceMessage = sourceMessageId(resource.meta?.source);
  return (
    <Stack gap="sm" data-testid="fhir-resource" data-resource={`${type}/${id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate="end">
            {summaryOf(resource)}
          </Text>
          <Text size="xs" c="dimmed">
            Last updated {formatTimestamp(resource.meta?.lastUpdated ?? null)}
          </Text>
        </Stack>
        {sourceMessage && (
          <Anchor component={Link} to={`/messages/${sourceMessage}`} size="sm" data-testid="fhir-source-message" style={{ whiteSpace: 'nowrap' }}>
            Source message
          </Anchor>
        )}
      </Group>
      <FhirValidation type={type} resource={resource} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="json">JSON</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="json" pt="sm">
          <FhirJsonView value={resource} label={`${type}/${id} as JSON`} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="sm">
          <FhirHistory type={type} id={id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
