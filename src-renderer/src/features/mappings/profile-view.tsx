import { Anchor, Paper } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { FhirProfileEditor } from './fhir-profile-editor';
import { EMPTY_FHIR_SOURCE, type FhirPreviewSource } from './fhir-preview-source';
import { directionOf } from './profile-direction';
import { ProfileEditor } from './profile-editor';
import { EMPTY_SOURCE, type PreviewSource } from './preview-source';

/**
 * One profile (#/mappings/HMP_… for HL7 v2 → FHIR, #/mappings/FMP_… for FHIR → HL7 v2) at its latest
 * version, in its editor; a new version starts the editor over.
 */
export function ProfileView() {
  const id = useParams().id ?? '';
  const fhir = directionOf(id) === 'fhirMappingProfiles';
  const hl7Profile = useApiQuery('hl7MappingProfiles.get', { id }, { enabled: !fhir });
  const fhirProfile = useApiQuery('fhirMappingProfiles.get', { id }, { enabled: fhir });
  // Kept here, so the preview's input survives the editor starting over on a new version.
  const [source, setSource] = useState<PreviewSource>(EMPTY_SOURCE);
  const [fhirSource, setFhirSource] = useState<FhirPreviewSource>(EMPTY_FHIR_SOURCE);
  if (!fhir && hl7Profile.data) return <ProfileEditor key={`${hl7Profile.data.id}@${hl7Profile.data.version}`} profile={hl7Profile.data} source={source} onSourceChange={setSource} />;
  if (fhir && fhirProfile.data) return <FhirProfileEditor key={`${fhirProfile.data.id}@${fhirProfile.data.version}`} profile={fhirProfile.data} source={fhirSource} onSourceChange={setFhirSource} />;
  const profile = fhir ? fhirProfile : hl7Profile;
  return (
    <>
      <PageHeader title="Mapping profile" description={<Anchor component={Link} to="/mappings" size="sm">All mapping profiles</Anchor>} />
      <Paper withBorder>
        {profile.isError ? <LoadFailed title="Could not load the profile" message={profile.error.message} onRetry={() => void profile.refetch()} /> : <LoadingState label="Loading the profile" />}
      </Paper>
    </>
  );
}
