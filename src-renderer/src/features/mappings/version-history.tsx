import { Badge, Table, Text } from '@mantine/core';
import { useApiQuery } from '../../api/query-hooks';
import { formatTimestamp } from '../../components/time-format';
import type { ProfileDirection } from './profile-direction';

/** Every stored version of the profile, newest first: old ones stay, and attempts name the one that ran. */
export function VersionHistory({ direction, profileId }: { direction: ProfileDirection; profileId: string }) {
  const versions = useApiQuery(`${direction}.versions`, { id: profileId });
  if (versions.isError) return <Text size="sm" c="red.9">Could not load the versions: {versions.error.message}</Text>;
  return (
    <Table withTableBorder verticalSpacing={4} data-testid="version-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>Version</Table.Th>
          <Table.Th w={100}>Status</Table.Th>
          <Table.Th w={90}>Rules</Table.Th>
          <Table.Th>By</Table.Th>
          <Table.Th w={200}>When</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(versions.data ?? []).map((v) => (
          <Table.Tr key={v.version} data-testid="version-row" data-version={v.version}>
            <Table.Td>v{v.version}</Table.Td>
            <Table.Td>
              <Badge size="sm" variant="outline" color={v.status === 'active' ? 'green' : 'gray'}>
                {v.status}
              </Badge>
            </Table.Td>
            <Table.Td>{v.rules.length}</Table.Td>
            <Table.Td>{v.actor ?? '—'}</Table.Td>
            <Table.Td ff="monospace">{formatTimestamp(v.updatedAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
