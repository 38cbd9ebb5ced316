import { Paper } from '@mantine/core';
import { useState } from 'react';
import { Outlet, useMatch, useSearchParams } from 'react-router';
import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ConnectorCoverage } from './connector-coverage';
import { CopyProfileModal } from './copy-profile-modal';
import { ProfilesTable } from './profiles-table';

/** The HL7 v2 → FHIR mapping profiles; a profile opens in its editor (a child route) in place of the list. */
export function MappingsPage() {
  const open = useMatch('/mappings/:id');
  const [copying, setCopying] = useState<Hl7MappingProfile | null>(null);
  const list = useApiQuery('hl7MappingProfiles.list', { pageSize: 500 });
  const connectorId = useSearchParams()[0].get('connector');
  if (open) return <Outlet />;
  return (
    <>
      <PageHeader
        title="Mappings"
        description="HL7 v2 → FHIR mapping profiles: which resources each message type makes and the rules that fill them. Copy a default to make your own; every save is a new version."
      />
      {connectorId && <ConnectorCoverage connectorId={connectorId} />}
      <Paper withBorder>
        {list.isPending ? (
          <LoadingState label="Loading mapping profiles" />
        ) : list.isError ? (
          <LoadFailed title="Could not load mapping profiles" message={list.error.message} onRetry={() => void list.refetch()} />
        ) : (
          <ProfilesTable profiles={list.data.data} onCopy={setCopying} />
        )}
      </Paper>
      {copying && <CopyProfileModal source={copying} takenNames={(list.data?.data ?? []).map((p) => p.name)} onClose={() => setCopying(null)} />}
    </>
  );
}
