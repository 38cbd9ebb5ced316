import { Anchor, Paper } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ProfileEditor } from './profile-editor';
import { EMPTY_SOURCE, type PreviewSource } from './preview-source';

/** One profile (#/mappings/HMP_…) at its latest version, in the editor; a new version starts the editor over. */
export function ProfileView() {
  const id = useParams().id ?? '';
  const profile = useApiQuery('hl7MappingProfiles.get', { id });
  // Kept here, so the preview's message survives the editor starting over on a new version.
  const [source, setSource] = useState<PreviewSource>(EMPTY_SOURCE);
  if (profile.data) return <ProfileEditor key={`${profile.data.id}@${profile.data.version}`} profile={profile.data} source={source} onSourceChange={setSource} />;
  return (
    <>
      <PageHeader title="Mapping profile" description={<Anchor component={Link} to="/mappings" size="sm">All mapping profiles</Anchor>} />
      <Paper withBorder>
        {profile.isError ? <LoadFailed title="Could not load the profile" message={profile.error.message} onRetry={() => void profile.refetch()} /> : <LoadingState label="Loading the profile" />}
      </Paper>
    </>
  );
}
