import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header';

interface ProfileHeaderProps {
  profile: { name: string; version: number; isDefault: boolean; status: string };
  /** What the profile converts: its message types, or its resource type and message types. */
  converts: ReactNode;
  changed: boolean;
  saving: boolean;
  onDiscard: () => void;
  onRetire: () => void;
  onSave: () => void;
}

/** A profile's title line in its editor, with the draft's actions: discard, retire, save as a new version. */
export function ProfileHeader({ profile, converts, changed, saving, onDiscard, onRetire, onSave }: ProfileHeaderProps) {
  return (
    <PageHeader
      title={profile.name}
      description={
        <Group gap="xs" component="span">
          <Anchor component={Link} to="/mappings" size="sm">
            All mapping profiles
          </Anchor>
          <span>·</span>
          <span data-testid="profile-version">Version {profile.version}</span>
          <Badge size="sm" variant="light" color={profile.isDefault ? 'gray' : 'blue'} component="span">
            {profile.isDefault ? 'Default' : 'Custom'}
          </Badge>
          <Badge size="sm" variant="outline" color={profile.status === 'active' ? 'green' : 'gray'} component="span">
            {profile.status}
          </Badge>
          <Text span size="sm" ff="monospace">
            {converts}
          </Text>
        </Group>
      }
      actions={
        <>
          {changed && (
            <Button variant="default" onClick={onDiscard}>
              Discard changes
            </Button>
          )}
          {profile.status === 'active' && (
            <Button variant="subtle" color="red" onClick={onRetire}>
              Retire
            </Button>
          )}
          <Button onClick={onSave} disabled={!changed} loading={saving}>
            Save as new version
          </Button>
        </>
      }
    />
  );
}
