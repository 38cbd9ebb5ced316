import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { Alert, Badge, Button, Center, Group, Loader, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useApiQuery } from '../../api/query-hooks';
import { formatTimestamp } from '../../components/time-format';
import { errorText } from './fhir-outcome';
import { offsetOfLink, pageQuery } from './fhir-query';
import type { ResourceAddress } from './fhir-reference';
import { summaryOf, type FhirJson } from './fhir-summary';
import { useFhirErrorNotification } from './use-fhir-error-notification';

interface ResultsProps {
  type: string;
  query: string;
  offset: number;
  /** `Type/id` of the resource open in the drawer. */
  selected: string | undefined;
  onOpen: (address: ResourceAddress) => void;
  onPage: (offset: number) => void;
}

const linkOf = (bundle: Bundle, relation: string): string | undefined => bundle.link?.find((link) => link.relation === relation)?.url;

export function FhirResults({ type, query, offset, selected, onOpen, onPage }: ResultsProps) {
  const result = useApiQuery('fhir.search', { resourceType: type, query: pageQuery(query, offset) }, { placeholderData: keepPreviousData });
  useFhirErrorNotification('fhir-search-error', 'Search failed', result.error);

  if (result.isPending) {
    return (
      <Center p="xl">
        <Loader size="sm" aria-label="Searching" />
      </Center>
    );
  }
  if (result.isError) {
    return (
      <Alert color="red" variant="light" m="md" title="The search could not run" data-testid="fhir-search-error">
        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
          {errorText(result.error.message, result.error.details)}
        </Text>
      </Alert>
    );
  }

  const bundle = result.data as unknown as Bundle;
  const entries = (bundle.entry ?? []).filter((entry): entry is BundleEntry & { resource: FhirJson } => entry.resource !== undefined);
  const matches = entries.filter((entry) => entry.search?.mode !== 'include').length;
  const next = offsetOfLink(linkOf(bundle, 'next'));
  const previous = offsetOfLink(linkOf(bundle, 'previous'));
  const total = bundle.total;

  return (
    <Stack gap={0} style={{ flex: 1, minHeight: 0 }}>
      <Group justify="space-between" px="sm" py={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="sm" data-testid="fhir-total" data-total={total ?? ''}>
          {total === undefined ? `${matches} shown` : matches === 0 ? `${total} ${type} resources` : `${offset + 1}–${offset + matches} of ${total} ${type} resources`}
          {entries.length > matches && (
            <Text span size="sm" c="dimmed">
              {' '}
              · {entries.length - matches} included
            </Text>
          )}
        </Text>
        <Group gap="xs">
          {result.isFetching && <Loader size="xs" aria-label="Refreshing" />}
          <Button size="compact-sm" variant="default" disabled={previous === null} onClick={() => previous !== null && onPage(previous)}>
            ← Previous
          </Button>
          <Button size="compact-sm" variant="default" disabled={next === null} onClick={() => next !== null && onPage(next)}>
            Next →
          </Button>
        </Group>
      </Group>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed" p="lg" data-testid="fhir-no-results">
          No {type} resources match{query.trim() ? ` ${query.trim()}` : ''}.{' '}
          {query.trim() ? 'Loosen the query or clear it to list them all.' : 'Resources appear here once they are created over the FHIR API or mapped from HL7 messages.'}
        </Text>
      ) : (
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Table highlightOnHover stickyHeader verticalSpacing={6} data-testid="fhir-results">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={300}>Id</Table.Th>
                <Table.Th>Summary</Table.Th>
                <Table.Th w={80}>Version</Table.Th>
                <Table.Th w={220}>Last updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map(({ resource, search }) => {
                const key = `${resource.resourceType}/${resource.id ?? ''}`;
                const open = () => resource.id && onOpen({ type: resource.resourceType, id: resource.id });
                return (
                  <Table.Tr
                    key={key}
                    data-testid="fhir-row"
                    data-resource={key}
                    onClick={open}
                    onKeyDown={(event) => event.key === 'Enter' && open()}
                    tabIndex={0}
                    style={{ cursor: 'pointer' }}
                    bg={selected === key ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <Table.Td ff="monospace" fz="sm">
                      <Group gap={6} wrap="nowrap">
                        {resource.resourceType !== type && (
                          <Badge size="xs" variant="light" color={search?.mode === 'include' ? 'gray' : 'blue'}>
                            {resource.resourceType}
                          </Badge>
                        )}
                        <Text span ff="monospace" size="sm" truncate="end">
                          {resource.id}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td fz="sm">{summaryOf(resource)}</Table.Td>
                    <Table.Td ff="monospace" fz="sm">
                      {resource.meta?.versionId ?? '—'}
                    </Table.Td>
                    <Table.Td ff="monospace" fz="sm">
                      {formatTimestamp(resource.meta?.lastUpdated ?? null)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}

