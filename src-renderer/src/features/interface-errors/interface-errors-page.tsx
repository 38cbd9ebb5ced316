import { InterfaceErrorSource, InterfaceErrorStatus } from '@contract/interface-errors';
import { Center, Group, Pagination, Paper, SegmentedControl, Select, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ErrorGroupsTable } from './error-groups-table';
import { SOURCE_LABELS, STATUS_LABELS, type GroupFilters } from './interface-error-labels';
import { useUrlParams } from '../../components/use-url-params';

const PAGE_SIZE = 50;

/** `/interface-errors`: failures grouped by cause (code + rule, field or destination), so one bad rule is one row however many messages it hit. */
export function InterfaceErrorsPage() {
  const [params, setUrlParam] = useUrlParams();
  const filters: GroupFilters = {
    status: InterfaceErrorStatus.safeParse(params.get('status')).data ?? 'open',
    connectorId: params.get('connector') ?? undefined,
    source: InterfaceErrorSource.safeParse(params.get('source')).data,
  };
  const [page, setPage] = useState(1);
  const setParam = (name: string, value: string | null) => {
    setPage(1);
    setUrlParam(name, value);
  };
  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  const connectorNames = new Map((connectors.data?.data ?? []).map((c) => [c.id, c.name]));
  const groups = useApiQuery('interfaceErrors.groups', { ...filters, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData });

  return (
    <>
      <PageHeader title="Interface errors" description="Message, delivery and record failures, one row per cause: the code and the rule, field or destination it is about. Fix the cause, then reprocess the group." />
      <Group mb="sm" gap="sm" align="flex-end">
        <SegmentedControl
          aria-label="Error status"
          data={InterfaceErrorStatus.options.map((value) => ({ value, label: STATUS_LABELS[value] }))}
          value={filters.status}
          onChange={(value) => setParam('status', value === 'open' ? null : value)}
        />
        <Select
          label="Connector"
          placeholder="Any connector"
          size="xs"
          w={220}
          clearable
          data={(connectors.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={filters.connectorId ?? null}
          onChange={(value) => setParam('connector', value)}
        />
        <Select
          label="Source"
          placeholder="Any source"
          size="xs"
          w={180}
          clearable
          data={InterfaceErrorSource.options.map((value) => ({ value, label: SOURCE_LABELS[value] }))}
          value={filters.source ?? null}
          onChange={(value) => setParam('source', value)}
        />
      </Group>
      <Paper withBorder>
        {groups.isPending ? (
          <LoadingState label="Loading interface errors" />
        ) : groups.isError ? (
          <LoadFailed title="Could not load the interface errors" message={groups.error.message} onRetry={() => void groups.refetch()} />
        ) : groups.data.data.length === 0 ? (
          <Center p="xl" data-testid="error-groups-empty">
            <Text size="sm" c="dimmed">
              {filters.status === 'open' ? 'No open interface errors: nothing is waiting for you.' : `No ${STATUS_LABELS[filters.status].toLowerCase()} interface errors.`}
            </Text>
          </Center>
        ) : (
          <>
            <ErrorGroupsTable groups={groups.data.data} filters={filters} connectorName={(id) => connectorNames.get(id) ?? id} />
            {groups.data.total > groups.data.pageSize && (
              <Group justify="flex-end" p="xs">
                <Pagination size="sm" total={Math.ceil(groups.data.total / groups.data.pageSize)} value={groups.data.page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </Paper>
    </>
  );
}
