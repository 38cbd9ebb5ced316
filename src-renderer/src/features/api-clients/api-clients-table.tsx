import type { ApiClient, ApiClientStatus } from '@contract/api-clients';
import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { ConfirmModal } from '../../components/confirm-modal';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatTimestamp } from '../../components/time-format';

const statusColors: Record<ApiClientStatus, string> = { active: 'green', revoked: 'red', expired: 'gray' };

interface ApiClientsTableProps {
  clients: readonly ApiClient[];
  onEdit: (client: ApiClient) => void;
  onRotate: (client: ApiClient) => void;
}

export function ApiClientsTable({ clients, onEdit, onRotate }: ApiClientsTableProps) {
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table data-testid="api-clients-table" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={160}>Name</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <Table.Th>Tenant</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Requests · refused</Table.Th>
            <Table.Th>Rate limit</Table.Th>
            <Table.Th w={200}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {clients.map((client) => (
            <ClientRow key={client.id} client={client} onEdit={() => onEdit(client)} onRotate={() => onRotate(client)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ClientRow({ client, onEdit, onRotate }: { client: ApiClient; onEdit: () => void; onRotate: () => void }) {
  const revoke = useApiMutation('apiClients.revoke');
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const active = client.status === 'active';
  const confirmRevoke = () =>
    revoke.mutate(
      { id: client.id },
      {
        onSuccess: () => notifySuccess(`Revoked ${client.name}`),
        onError: (error) => notifyError(`Could not revoke ${client.name}`, error.message),
        onSettled: () => setConfirmingRevoke(false),
      },
    );
  return (
    <Table.Tr data-testid="api-client-row" data-client-name={client.name} data-client-id={client.id}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {client.name}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace" data-testid="api-client-id">
          {client.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} maw={320}>
          {client.scopes.map((scope) => (
            <Badge key={scope} size="sm" variant="light" color="gray" tt="none" ff="monospace">
              {scope}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" c={client.tenantId ? undefined : 'dimmed'}>
          {client.tenantId ?? 'any'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge size="sm" variant="light" color={statusColors[client.status]} data-testid="api-client-status">
          {client.status}
        </Badge>
        {active && client.expiresAt && (
          <Text size="xs" c="dimmed" ff="monospace">
            until {formatTimestamp(client.expiresAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {formatTimestamp(client.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" c={client.usage.lastUsedAt ? undefined : 'dimmed'}>
          {client.usage.lastUsedAt ? formatTimestamp(client.usage.lastUsedAt) : 'never'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" data-testid="api-client-usage">
          {client.usage.requests} · {client.usage.refusals}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {client.rateLimitPerMinute} / min
        </Text>
      </Table.Td>
      <Table.Td>
        {active && (
          <Group gap={4} wrap="nowrap" justify="flex-end">
            <Button size="compact-xs" variant="subtle" onClick={onEdit} aria-label={`Edit ${client.name}`}>
              Edit
            </Button>
            <Button size="compact-xs" variant="light" onClick={onRotate} aria-label={`Rotate the secret of ${client.name}`}>
              Rotate
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirmingRevoke(true)} aria-label={`Revoke ${client.name}`}>
              Revoke
            </Button>
          </Group>
        )}
        {confirmingRevoke && (
          <ConfirmModal title="Revoke API client" confirmLabel="Revoke" busy={revoke.isPending} onConfirm={confirmRevoke} onClose={() => setConfirmingRevoke(false)} confirmTestId="confirm-revoke">
            Revoke <b>{client.name}</b> ({client.id})? Its secrets stop working and its tokens are refused from their next request. This cannot be undone.
          </ConfirmModal>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
