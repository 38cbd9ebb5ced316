import type { UnmappedCoverage } from '@contract/mapping-profiles';
import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { formatTimestamp } from '../../components/time-format';
import { explainUnmapped } from './unmapped-path';

interface UnmappedCoverageTableProps {
  rows: readonly UnmappedCoverage[];
  connectorNames: ReadonlyMap<string, string>;
  /** Given on a profile's page: a path is a button that starts a rule reading it. */
  onPickPath?: (path: string) => void;
  /** Shown across profiles (the Mappings page filtered by a connector): each row names and links its profile. */
  showProfile?: boolean;
}

/** What processing left unmapped, one row per connector, profile version and path, the most frequent first. */
export function UnmappedCoverageTable({ rows, connectorNames, onPickPath, showProfile = false }: UnmappedCoverageTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={4} highlightOnHover data-testid="unmapped-coverage">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Path</Table.Th>
            {showProfile && <Table.Th>Profile</Table.Th>}
            <Table.Th w={90}>Messages</Table.Th>
            <Table.Th w={110}>Occurrences</Table.Th>
            <Table.Th w={80}>Version</Table.Th>
            <Table.Th>Connector</Table.Th>
            <Table.Th w={190}>Last seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.connectorId}|${row.profileId}|${row.profileVersion}|${row.path}`} data-testid="unmapped-coverage-row" data-path={row.path} data-messages={row.messages} data-connector-id={row.connectorId}>
              <Table.Td>
                {onPickPath ? (
                  <UnstyledButton onClick={() => onPickPath(row.path)} aria-label={`Add a rule for ${row.path}`} c="blue.8" ff="monospace" fz="sm" td="underline">
                    {row.path}
                  </UnstyledButton>
                ) : (
                  <Text ff="monospace" size="sm">
                    {row.path}
                  </Text>
                )}
                <Text size="xs" c="dimmed" data-testid="unmapped-explanation">
                  {explainUnmapped(row.path, row.messages)}
                </Text>
              </Table.Td>
              {showProfile && (
                <Table.Td>
                  <Anchor component={Link} to={`/mappings/${row.profileId}?connector=${row.connectorId}`} size="sm">
                    {row.profileName ?? row.profileId}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>{row.messages.toLocaleString('en-US')}</Table.Td>
              <Table.Td>{row.occurrences.toLocaleString('en-US')}</Table.Td>
              <Table.Td>v{row.profileVersion}</Table.Td>
              <Table.Td>{connectorNames.get(row.connectorId) ?? row.connectorId}</Table.Td>
              <Table.Td ff="monospace">{formatTimestamp(row.lastSeenAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
