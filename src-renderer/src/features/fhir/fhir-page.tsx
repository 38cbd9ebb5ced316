import { Paper, Stack } from '@mantine/core';
import { useCallback } from 'react';
import { Outlet, useMatch, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { FhirAreaTabs } from './fhir-area-tabs';
import { isBrowsedType, type BrowsedType } from './fhir-query';
import { resourcePath, type ResourceAddress } from './fhir-reference';
import { FhirResults } from './fhir-results';
import { FhirSearchForm } from './fhir-search-form';

/** The table fills the window below the header and search panel so it scrolls by itself. */
const FULL_HEIGHT = 'calc(100dvh - var(--app-shell-header-offset, 0rem) - 2 * var(--app-shell-padding))';

export function FhirPage() {
  // The search lives in the address so it can be bookmarked and survives a reload.
  const [params, setParams] = useSearchParams();
  const typeParam = params.get('type');
  const type: BrowsedType = isBrowsedType(typeParam) ? typeParam : 'Patient';
  const query = params.get('q') ?? '';
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '', 10) || 0);
  const navigate = useNavigate();
  const selected = useMatch('/fhir/:type/:id')?.params;

  const search = (nextType: string, nextQuery: string, nextOffset = 0) =>
    setParams(() => {
      const next = new URLSearchParams({ type: nextType });
      if (nextQuery.trim() !== '') next.set('q', nextQuery.trim());
      if (nextOffset > 0) next.set('offset', String(nextOffset));
      return next;
    });
  const addressSearch = params.toString();
  const open = useCallback((address: ResourceAddress) => void navigate({ pathname: resourcePath(address), search: addressSearch }), [navigate, addressSearch]);

  return (
    <Stack gap={0} h={FULL_HEIGHT} mih={420}>
      <PageHeader title="FHIR" description="Search the local FHIR R4 store. Click a resource to see its JSON, follow its references, browse its history and validate it." />
      <FhirAreaTabs value="browse" />
      {/* Remounted when the address changes so the fields show the search that ran. */}
      <FhirSearchForm key={`${type}?${query}`} type={type} query={query} onSearch={(t, q) => search(t, q)} />
      <Paper withBorder style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
        <FhirResults type={type} query={query} offset={offset} selected={selected?.type && selected.id ? `${selected.type}/${selected.id}` : undefined} onOpen={open} onPage={(o) => search(type, query, o)} />
      </Paper>
      <Outlet />
    </Stack>
  );
}
