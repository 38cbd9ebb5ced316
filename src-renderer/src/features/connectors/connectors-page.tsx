import type { ConnectorDefinition } from '@contract/connector-definitions';
import { ConnectorProtocol, ConnectorStatus, type Connector } from '@contract/connectors';
import { Button, Center, Group, Loader, Pagination, Paper, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ConnectorCatalog } from './connector-catalog';
import { ConnectorForm } from './connector-form';
import { optionsOf, protocolLabels, statusLabels } from './connector-labels';
import { ConnectorsTable } from './connectors-table';
import { destinationsBySource } from './route-destinations';
import { unmappedCountsByConnector } from './unmapped-counts';

const PAGE_SIZE = 25;
const statusOptions = optionsOf(ConnectorStatus.options, statusLabels);
const protocolOptions = optionsOf(ConnectorProtocol.options, protocolLabels);

function rangeOf({ page, pageSize, data, total }: { page: number; pageSize: number; data: readonly unknown[]; total: number }): string {
  if (data.length === 0) return `${total} in all`;
  const first = (page - 1) * pageSize + 1;
  return `${first}–${first + data.length - 1} of ${total}`;
}

/** `null` connector: creating a new one, pre-filled from `template` when one was chosen in the catalog. */
type FormTarget = { connector: Connector | null; template?: ConnectorDefinition };

export function ConnectorsPage() {
  // Filters live in the URL so a reload or a shared link shows the same list.
  const [params, setParams] = useSearchParams();
  const status = ConnectorStatus.safeParse(params.get('status')).data;
  const protocol = ConnectorProtocol.safeParse(params.get('protocol')).data;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [search, setSearch] = useState(q);
  const [formTarget, setFormTarget] = useState<FormTarget | null>(null);
  const [catalogOpen, setCatalogOpen] = useState(false);

  const setFilter = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        if (name !== 'page') next.delete('page');
        return next;
      },
      { replace: true },
    );
  const searchSoon = useDebouncedCallback((value: string) => setFilter('q', value.trim()), 300);
  const clearFilters = () => {
    setSearch('');
    setParams({}, { replace: true });
  };

  const list = useApiQuery(
    'connectors.list',
    { page, pageSize: PAGE_SIZE, ...(status && { status }), ...(protocol && { protocol }), ...(q && { q }) },
    { placeholderData: keepPreviousData },
  );
  const systems = useApiQuery('externalSystems.list', { pageSize: 500 });
  const systemNames = new Map((systems.data?.data ?? []).map((system) => [system.id, system.name]));
  const profiles = useApiQuery('hl7MappingProfiles.list', { pageSize: 500 });
  const profileNames = new Map((profiles.data?.data ?? []).map((profile) => [profile.id, profile.name]));
  const coverage = useApiQuery('hl7MappingProfiles.coverage', { limit: 5000 });
  const unmappedCounts = unmappedCountsByConnector(coverage.data?.data ?? []);
  const routes = useApiQuery('outboundRoutes.list', { pageSize: 500 });
  const outbound = useApiQuery('connectors.list', { direction: 'outbound', pageSize: 500 });
  const destinations = destinationsBySource(routes.data?.data ?? [], new Map((outbound.data?.data ?? []).map((c) => [c.id, c.name])));
  const filtered = Boolean(status || protocol || q);
  const openNew = () => setFormTarget({ connector: null });

  return (
    <>
      <PageHeader
        title="Connectors"
        description="MLLP listeners and senders, FHIR endpoints, SFTP drops and webhooks linking this engine to other systems."
        actions={
          <Group gap="xs">
            <Button variant="default" onClick={() => setCatalogOpen(true)}>
              New from template
            </Button>
            <Button onClick={openNew}>New connector</Button>
          </Group>
        }
      />
      <Group gap="xs" mb="sm">
        <TextInput
          aria-label="Search connectors"
          placeholder="Search name or host…"
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            searchSoon(event.currentTarget.value);
          }}
          w={260}
        />
        <Select aria-label="Status" placeholder="All statuses" data={statusOptions} value={status ?? null} onChange={(v) => setFilter('status', v)} clearable w={150} />
        <Select aria-label="Protocol" placeholder="All protocols" data={protocolOptions} value={protocol ?? null} onChange={(v) => setFilter('protocol', v)} clearable w={150} />
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Paper withBorder>
        {list.isPending ? (
          <LoadingState label="Loading connectors" />
        ) : list.isError ? (
          <LoadFailed title="Could not load connectors" message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data.data.length === 0 ? (
          <Center p="xl" data-testid="connectors-empty">
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                {list.data.total > 0
                  ? 'No connectors on this page.'
                  : filtered
                    ? 'No connectors match these filters.'
                    : 'No connectors yet. Create one to start exchanging messages.'}
              </Text>
              {filtered ? (
                <Button size="xs" variant="default" onClick={clearFilters}>
                  Clear filters
                </Button>
              ) : (
                <Button size="xs" variant="light" onClick={openNew}>
                  New connector
                </Button>
              )}
            </Group>
          </Center>
        ) : (
          <ConnectorsTable connectors={list.data.data} systemNames={systemNames} profileNames={profileNames} unmappedCounts={unmappedCounts} destinations={destinations} onEdit={(connector) => setFormTarget({ connector })} />
        )}
      </Paper>
      {list.data && list.data.total > 0 && (
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed" data-testid="connectors-range">
            {rangeOf(list.data)}
          </Text>
          <Pagination
            size="sm"
            total={Math.ceil(list.data.total / list.data.pageSize)}
            value={list.data.page}
            onChange={(next) => setFilter('page', String(next))}
            hideWithOnePage
          />
        </Group>
      )}
      {catalogOpen && (
        <ConnectorCatalog
          onClose={() => setCatalogOpen(false)}
          onChoose={(template) => {
            setCatalogOpen(false);
            setFormTarget({ connector: null, template });
          }}
        />
      )}
      {formTarget && <ConnectorForm connector={formTarget.connector} template={formTarget.template} onClose={() => setFormTarget(null)} />}
    </>
  );
}
