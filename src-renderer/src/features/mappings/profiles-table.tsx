import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { Anchor, Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { formatTimestamp } from '../../components/time-format';

/** Every profile at its latest version: what it converts, whether it is shipped or the site's own, and its state. */
export function ProfilesTable({ profiles, onCopy }: { profiles: readonly Hl7MappingProfile[]; onCopy: (profile: Hl7MappingProfile) => void }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover data-testid="profiles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Message types</Table.Th>
            <Table.Th w={90}>Version</Table.Th>
            <Table.Th w={100}>Kind</Table.Th>
            <Table.Th w={100}>Status</Table.Th>
            <Table.Th w={190}>Changed</Table.Th>
            <Table.Th w={110}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => (
            <Table.Tr key={profile.id} data-testid="profile-row" data-profile-id={profile.id} data-profile-name={profile.name}>
              <Table.Td>
                <Anchor component={Link} to={`/mappings/${profile.id}`} size="sm" fw={600}>
                  {profile.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {profile.messageTypes.join(', ')}
                </Text>
              </Table.Td>
              <Table.Td>v{profile.version}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={profile.isDefault ? 'gray' : 'blue'}>
                  {profile.isDefault ? 'Default' : 'Custom'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="outline" color={profile.status === 'active' ? 'green' : 'gray'}>
                  {profile.status}
                </Badge>
              </Table.Td>
              <Table.Td ff="monospace">{formatTimestamp(profile.updatedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="default" onClick={() => onCopy(profile)} aria-label={`Copy ${profile.name} to a new profile`}>
                  Copy…
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
