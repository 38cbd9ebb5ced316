import type { OutboundRoute } from '@contract/outbound';
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { RouteForm } from './route-form';

/** `null` route: adding one. */
type Editing = { route: OutboundRoute | null };

/** An inbound connector's routes to outbound connectors: where its processed messages go. */
export function RoutesSection({ connectorId }: { connectorId: string }) {
  const routes = useApiQuery('outboundRoutes.list', { sourceConnectorId: connectorId, pageSize: 500 });
  const destinations = useApiQuery('connectors.list', { direction: 'outbound', pageSize: 500 });
  const names = new Map((destinations.data?.data ?? []).map((c) => [c.id, c.name]));
  const [editing, setEditing] = useState<Editing | null>(null);
  const list = routes.data?.data ?? [];

  return (
    <Stack gap="xs" mt="lg" data-testid="routes-section" component="section" aria-labelledby="routes-title">
      <Group justify="space-between">
        <Title order={3} size="h5" id="routes-title">
          Routes
        </Title>
        {!editing && (
          <Button size="compact-sm" variant="light" onClick={() => setEditing({ route: null })}>
            Add route
          </Button>
        )}
      </Group>
      {routes.isError && (
        <Text size="sm" c="red.8">
          Could not load routes: {routes.error.message}
        </Text>
      )}
      {routes.isSuccess && list.length === 0 && !editing && (
        <Text size="sm" c="dimmed">
          {destinations.isSuccess && destinations.data.data.length === 0
            ? 'No routes. Create an outbound connector first, then add a route to send this connector’s messages to it.'
            : 'No routes: processed messages stay here. Add a route to send them to an outbound connector.'}
        </Text>
      )}
      {list.map((route) =>
        editing?.route?.id === route.id ? (
          <RouteForm key={route.id} sourceConnectorId={connectorId} route={route} onDone={() => setEditing(null)} />
        ) : (
          <RouteRow key={route.id} route={route} destinationName={names.get(route.destinationConnectorId) ?? route.destinationConnectorId} onEdit={editing ? undefined : () => setEditing({ route })} />
        ),
      )}
      {editing && editing.route === null && <RouteForm sourceConnectorId={connectorId} route={null} onDone={() => setEditing(null)} />}
    </Stack>
  );
}

function describeFilter(route: OutboundRoute): string {
  const { messageTypes, sendingFacility, condition } = route.filter;
  const parts = [
    messageTypes?.length ? messageTypes.join(', ') : 'every type',
    sendingFacility && `from ${sendingFacility}`,
    condition && `${condition.path} ${condition.op}${condition.value === undefined ? '' : ` ${condition.value}`}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

function RouteRow({ route, destinationName, onEdit }: { route: OutboundRoute; destinationName: string; onEdit: (() => void) | undefined }) {
  const remove = useApiMutation('outboundRoutes.delete');
  const [confirming, setConfirming] = useState(false);
  const confirm = () =>
    remove.mutate(
      { id: route.id },
      {
        onSuccess: () => notifySuccess(`Deleted route ${route.name}`),
        onError: (error) => notifyError(`Could not delete route ${route.name}`, error.message),
        onSettled: () => setConfirming(false),
      },
    );
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="route-row" data-route-name={route.name} py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {route.name}
          </Text>
          <Text size="sm">→ {destinationName}</Text>
          {!route.enabled && (
            <Badge size="xs" color="gray" variant="outline">
              disabled
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {describeFilter(route)} · {route.payload.kind} · lane per {route.laneBy}
        </Text>
      </Stack>
      {confirming ? (
        <Group gap={4} wrap="nowrap">
          <Text size="xs">Delete this route?</Text>
          <Button size="compact-xs" color="red" loading={remove.isPending} onClick={confirm}>
            Delete
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </Group>
      ) : (
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="subtle" disabled={!onEdit} onClick={onEdit} aria-label={`Edit route ${route.name}`}>
            Edit
          </Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)} aria-label={`Delete route ${route.name}`}>
            Delete
          </Button>
        </Group>
      )}
    </Group>
  );
}
