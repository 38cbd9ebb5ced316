import { Paper, Stack } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Outlet, useMatch, useNavigate, useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { useErrorNotification } from '../../components/use-error-notification';
import { BulkReprocessButton } from './bulk-reprocess';
import { MessageFilterBar } from './message-filter-bar';
import { filterKey, filtersFromParams, hasFilters, withFilter, withoutFilters, type FilterName } from './message-filters';
import { MessageLog } from './message-log';

/** The log fills the window below the header so it scrolls by itself, with its column headings in view. */
const FULL_HEIGHT = 'calc(100dvh - var(--app-shell-header-offset, 0rem) - 2 * var(--app-shell-padding))';

export function MessagesPage() {
  // Filters live in the address so a filtered view can be bookmarked and survives a reload.
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const filtered = hasFilters(filters);
  const navigate = useNavigate();
  // The detail is a child route; the log stays mounted under it, scroll position and all.
  const selectedId = useMatch('/messages/:id')?.params.id;

  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  // The log still works without names (it shows connector ids), so this is a notification only.
  useErrorNotification('messages-connectors-error', 'Could not load connector names', connectors.error);
  const connectorList = connectors.data?.data ?? [];
  const connectorNames = new Map(connectorList.map((connector) => [connector.id, connector.name]));
  const connectorOptions = connectorList.map((connector) => ({ value: connector.id, label: connector.name }));
  const connectorName = (id: string): string => connectorNames.get(id) ?? id;

  const setFilter = (name: FilterName, value: string | undefined) => setParams((current) => withFilter(current, name, value), { replace: true });
  // Remounting the filter bar on Clear empties its half-typed search too.
  const [clearCount, setClearCount] = useState(0);
  const clearFilters = () => {
    setParams((current) => withoutFilters(current), { replace: true });
    setClearCount((n) => n + 1);
  };
  const search = params.toString();
  const openMessage = useCallback((id: string) => void navigate({ pathname: `/messages/${id}`, search }), [navigate, search]);

  return (
    <Stack gap={0} h={FULL_HEIGHT} mih={420}>
      <PageHeader title="Messages" description="Every HL7 v2 message the engine received, newest first. Click one to see its segments, ACK and attempts." />
      <MessageFilterBar key={clearCount} filters={filters} connectorOptions={connectorOptions} onChange={setFilter} />
      <Paper withBorder style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
        <MessageLog
          // A new filter is a new list: start again at the top with nothing counted as new.
          key={filterKey(filters)}
          filters={filters}
          filtered={filtered}
          connectorNames={connectorNames}
          selectedId={selectedId}
          onOpen={openMessage}
          onClearFilters={clearFilters}
          actions={<BulkReprocessButton filters={filters} connectorName={connectorName} />}
        />
      </Paper>
      <Outlet />
    </Stack>
  );
}
