import type { EventSubscription } from '@contract/event-subscriptions';
import { DeleteConfirmation } from '../../components/delete-confirmation';
import { Badge, Button, Center, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { DeliveriesTable } from './deliveries-table';
import { SubscriptionForm } from './subscription-form';

/** `null` subscription: creating a new one. */
type FormTarget = { subscription: EventSubscription | null };

/** Webhook subscriptions to the engine's events; selecting one shows its deliveries. */
export function SubscriptionsPanel({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string | null) => void }) {
  const list = useApiQuery('eventSubscriptions.list', { pageSize: 500 });
  const [formTarget, setFormTarget] = useState<FormTarget | null>(null);
  const selected = list.data?.data.find((s) => s.id === selectedId) ?? null;

  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button onClick={() => setFormTarget({ subscription: null })}>New subscription</Button>
      </Group>
      <Paper withBorder>
        {list.isPending ? (
          <LoadingState label="Loading subscriptions" />
        ) : list.isError ? (
          <LoadFailed title="Could not load subscriptions" message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data.data.length === 0 ? (
          <Center p="xl" data-testid="subscriptions-empty">
            <Text size="sm" c="dimmed">
              No subscriptions yet. Create one to have the engine POST its events (messages processed, resources written…) to your URL, signed with your secret.
            </Text>
          </Center>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover data-testid="subscriptions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={160}>Name</Table.Th>
                  <Table.Th>Event types</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th w={90}>Status</Table.Th>
                  <Table.Th w={80}>Secret</Table.Th>
                  <Table.Th w={200}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.data.map((subscription) => (
                  <SubscriptionRow
                    key={subscription.id}
                    subscription={subscription}
                    selected={subscription.id === selectedId}
                    onSelect={() => onSelect(subscription.id === selectedId ? null : subscription.id)}
                    onEdit={() => setFormTarget({ subscription })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {selected && <DeliveriesTable key={selected.id} subscription={selected} />}
      {formTarget && <SubscriptionForm subscription={formTarget.subscription} onClose={() => setFormTarget(null)} />}
    </>
  );
}

interface RowProps {
  subscription: EventSubscription;
  selected: boolean;
  onSelect: () => void;
  onEdit: () => void;
}

function SubscriptionRow({ subscription, selected, onSelect, onEdit }: RowProps) {
  const update = useApiMutation('eventSubscriptions.update');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const paused = subscription.status === 'paused';
  const toggle = () =>
    update.mutate(
      { id: subscription.id, version: subscription.version, status: paused ? 'active' : 'paused' },
      {
        onSuccess: (saved) => notifySuccess(`${saved.name} is ${saved.status}`),
        onError: (error) => notifyError(`Could not ${paused ? 'resume' : 'pause'} ${subscription.name}`, error.message),
      },
    );
  return (
    <Table.Tr data-testid="subscription-row" data-subscription-name={subscription.name} bg={selected ? 'indigo.0' : undefined}>
      <Table.Td>
        <Button variant="subtle" size="compact-sm" fw={600} px={4} onClick={onSelect} aria-pressed={selected} aria-label={`Show deliveries of ${subscription.name}`}>
          {subscription.name}
        </Button>
      </Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace">
          {subscription.eventTypes.join(', ')}
        </Text>
        {(subscription.filters.connectorId ?? subscription.filters.messageType) && (
          <Text size="xs" c="dimmed">
            only {[subscription.filters.messageType, subscription.filters.connectorId].filter(Boolean).join(' from ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" truncate="end" maw={320} title={subscription.url}>
          {subscription.url}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge size="sm" variant="light" color={paused ? 'yellow' : 'green'} tt="none" data-testid="subscription-status">
          {subscription.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{subscription.hasSecret ? 'stored' : 'none'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Button size="compact-xs" variant="light" color={paused ? 'green' : 'yellow'} loading={update.isPending} onClick={toggle}>
            {paused ? 'Resume' : 'Pause'}
          </Button>
          <Button size="compact-xs" variant="subtle" onClick={onEdit}>
            Edit
          </Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirmingDelete(true)}>
            Delete
          </Button>
        </Group>
        {confirmingDelete && (
          <DeleteConfirmation operation="eventSubscriptions.delete" id={subscription.id} name={subscription.name} what="subscription" onClose={() => setConfirmingDelete(false)}>
            Its deliveries are removed and nothing more is sent to {subscription.url}.
          </DeleteConfirmation>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
