import type { FhirMappingProfile } from '@contract/fhir-mapping-profiles';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatTimestamp } from '../../components/time-format';

/** Every FHIR → HL7 v2 profile at its latest version: the resource type it reads, the messages it writes, its state. */
export function FhirProfilesTable({ profiles }: { profiles: readonly FhirMappingProfile[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover data-testid="fhir-profiles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th w={160}>Resource type</Table.Th>
            <Table.Th>Message types</Table.Th>
            <Table.Th w={90}>Version</Table.Th>
            <Table.Th w={100}>Kind</Table.Th>
            <Table.Th w={100}>Status</Table.Th>
            <Table.Th w={190}>Changed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => (
            <Table.Tr key={profile.id} data-testid="fhir-profile-row" data-profile-id={profile.id} data-resource-type={profile.resourceType}>
              <Table.Td>
                <Anchor component={Link} to={`/mappings/${profile.id}`} size="sm" fw={600}>
                  {profile.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{profile.resourceType}</Table.Td>
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
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
