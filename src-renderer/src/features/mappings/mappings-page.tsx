import { Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { Outlet, useMatch, useSearchParams } from 'react-router';
import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ConnectorCoverage } from './connector-coverage';
import { CopyProfileModal } from './copy-profile-modal';
import { FhirProfilesTable } from './fhir-profiles-table';
import { ProfilesTable } from './profiles-table';

/**
 * The mapping profiles of both directions, HL7 v2 → FHIR (inbound messages) and FHIR → HL7 v2 (outbound
 * feeds); a profile opens in its editor (a child route) in place of the lists. `?connector=` adds what
 * that connector's messages left unmapped.
 */
export function MappingsPage() {
  const open = useMatch('/mappings/:id');
  const [copying, setCopying] = useState<Hl7MappingProfile | null>(null);
  const list = useApiQuery('hl7MappingProfiles.list', { pageSize: 500 });
  const fhirList = useApiQuery('fhirMappingProfiles.list', { pageSize: 500 });
  const connectorId = useSearchParams()[0].get('connector');
  if (open) return <Outlet />;
  return (
    <>
      <PageHeader
        title="Mappings"
        description="Mapping profiles: which FHIR resources each HL7 v2 message type makes, and which HL7 v2 message each FHIR resource type is sent as, with the rules that fill them. Copy a default to make your own; every save is a new version."
      />
      {connectorId && <ConnectorCoverage connectorId={connectorId} />}
      <Stack gap="lg">
        <Stack gap="xs">
          <Title order={2} size="h4">
            HL7 v2 → FHIR
          </Title>
          <Paper withBorder>
            {list.isPending ? (
              <LoadingState label="Loading mapping profiles" />
            ) : list.isError ? (
              <LoadFailed title="Could not load mapping profiles" message={list.error.message} onRetry={() => void list.refetch()} />
            ) : (
              <ProfilesTable profiles={list.data.data} onCopy={setCopying} />
            )}
          </Paper>
        </Stack>
        <Stack gap="xs">
          <Title order={2} size="h4">
            FHIR → HL7 v2
          </Title>
          <Paper withBorder>
            {fhirList.isPending ? (
              <LoadingState label="Loading FHIR → HL7 v2 profiles" />
            ) : fhirList.isError ? (
              <LoadFailed title="Could not load FHIR → HL7 v2 profiles" message={fhirList.error.message} onRetry={() => void fhirList.refetch()} />
            ) : (
              <FhirProfilesTable profiles={fhirList.data.data} />
            )}
          </Paper>
        </Stack>
      </Stack>
      {copying && <CopyProfileModal source={copying} takenNames={(list.data?.data ?? []).map((p) => p.name)} onClose={() => setCopying(null)} />}
    </>
  );
}
