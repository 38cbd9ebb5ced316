import { mappingProfilesOf, type Connector } from '@contract/connectors';
import { Anchor, Badge, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { ConnectorActions } from './connector-actions';
import { directionLabels, protocolLabels } from './connector-labels';
import { ConnectorStatusBadge } from './connector-status-badge';

const SHOWN_MESSAGE_TYPES = 3;

function endpointOf({ host, port }: Connector): string | null {
  if (!host && port === null) return null;
  // A listener without a host binds every interface.
  return port === null ? (host ?? '') : `${host ?? '*'}:${port}`;
}

interface TableProps {
  connectors: readonly Connector[];
  /** External system id → name, to say whose connector it is. */
  systemNames: ReadonlyMap<string, string>;
  /** Mapping profile id → name, to say which profile converts each assigned message type. */
  profileNames: ReadonlyMap<string, string>;
  /** Connector id → distinct paths its processed messages carried that no rule mapped. */
  unmappedCounts: ReadonlyMap<string, number>;
  /** Source connector id → the names of the outbound connectors its routes send to. */
  destinations: ReadonlyMap<string, readonly string[]>;
  onEdit: (connector: Connector) => void;
}

export function ConnectorsTable({ connectors, systemNames, profileNames, unmappedCounts, destinations, onEdit }: TableProps) {
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table highlightOnHover stickyHeader data-testid="connectors-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={220}>Name</Table.Th>
            <Table.Th w={96}>Protocol</Table.Th>
            <Table.Th w={108}>Direction</Table.Th>
            <Table.Th w={230}>Endpoint</Table.Th>
            <Table.Th>Message types</Table.Th>
            <Table.Th w={116}>Status</Table.Th>
            <Table.Th w={210}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connectors.map((connector) => (
            <ConnectorRow key={connector.id} connector={connector} systemName={connector.externalSystemId ? systemNames.get(connector.externalSystemId) : undefined} profileNames={profileNames} unmapped={unmappedCounts.get(connector.id) ?? 0} destinations={destinations.get(connector.id) ?? []} onEdit={onEdit} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RowProps {
  connector: Connector;
  systemName: string | undefined;
  profileNames: ReadonlyMap<string, string>;
  unmapped: number;
  destinations: readonly string[];
  onEdit: (connector: Connector) => void;
}

function ConnectorRow({ connector, systemName, profileNames, unmapped, destinations, onEdit }: RowProps) {
  const assigned = Object.entries(mappingProfilesOf(connector.settings));
  const endpoint = endpointOf(connector);
  const owner = [systemName, connector.facilityId && `Facility ${connector.facilityId}`].filter(Boolean).join(' · ');
  const hiddenTypes = connector.messageTypes.slice(SHOWN_MESSAGE_TYPES);
  return (
    <Table.Tr data-testid="connector-row" data-connector-id={connector.id} data-connector-name={connector.name} data-status={connector.status} data-runtime={connector.runtime?.state}>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {connector.name}
          </Text>
          {owner && (
            <Text size="xs" c="dimmed">
              {owner}
            </Text>
          )}
          {destinations.length > 0 && (
            <Text size="xs" c="indigo.8" data-testid="connector-destinations">
              → {destinations.join(', ')}
            </Text>
          )}
          {(connector.runtime?.error ?? connector.lastError) && (
            <Text size="xs" c="red.7" data-testid="connector-last-error" lineClamp={2}>
              {connector.runtime?.error ?? connector.lastError}
            </Text>
          )}
          {connector.controlIdReusedCount > 0 && (
            <Text size="xs" c="orange.8" data-testid="connector-control-id-reused">
              {connector.controlIdReusedCount} {connector.controlIdReusedCount === 1 ? 'message' : 'messages'} with a reused control ID (kept as their own messages)
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>{protocolLabels[connector.protocol]}</Table.Td>
      <Table.Td>{directionLabels[connector.direction]}</Table.Td>
      <Table.Td>
        {endpoint ? (
          <Group gap={6} wrap="nowrap">
            <Text size="sm" ff="monospace">
              {endpoint}
            </Text>
            {connector.tlsEnabled && (
              <Badge size="xs" variant="outline" color="teal" style={{ flex: 'none' }}>
                TLS
              </Badge>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {connector.messageTypes.length === 0 ? (
          <Text size="sm" c="dimmed">
            All
          </Text>
        ) : (
          <Text size="sm" ff="monospace">
            {connector.messageTypes.slice(0, SHOWN_MESSAGE_TYPES).join(', ')}
            {hiddenTypes.length > 0 && (
              <Tooltip label={hiddenTypes.join(', ')}>
                <Text span size="xs" c="dimmed" ff="text" ml={6}>
                  +{hiddenTypes.length} more
                </Text>
              </Tooltip>
            )}
          </Text>
        )}
        {assigned.map(([type, profileId]) => (
          <Text key={type} size="xs" c="dimmed" data-testid="connector-mapping-profile">
            {type} → {profileNames.get(profileId) ?? profileId}
          </Text>
        ))}
        {unmapped > 0 && (
          <Anchor component={Link} to={`/mappings?connector=${connector.id}`} size="xs" c="orange.9" data-testid="connector-unmapped" data-count={unmapped} display="block">
            Unmapped fields: {unmapped}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>
        <ConnectorStatusBadge status={connector.status} runtime={connector.runtime} />
      </Table.Td>
      <Table.Td>
        <ConnectorActions connector={connector} onEdit={onEdit} />
      </Table.Td>
    </Table.Tr>
  );
}
