import { ConnectorStatus } from '@contract/connectors';
import { Anchor, Badge, Group, List, Paper, SimpleGrid, Skeleton, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { useEngineHealth } from '../../components/engine-status';
import { PageHeader } from '../../components/page-header';
import { statusLabels } from '../connectors/connector-labels';
import { ConnectorStatusBadge } from '../connectors/connector-status-badge';

export function DashboardPage() {
  return (
    <>
      <PageHeader title="Dashboard" description="How the engine and its connectors are doing right now." />
      <Text size="sm" fw={600} mb="xs">
        Connectors by status
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" mb="lg" maw={960}>
        {ConnectorStatus.options.map((status) => (
          <StatusCount key={status} status={status} />
        ))}
      </SimpleGrid>
      <ListenerHealth />
      <Paper withBorder p="md" maw={960}>
        <Text size="sm" fw={600} mb="xs">
          Planned for this view
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>Message throughput per connector over the last hour and day, inbound and outbound</List.Item>
          <List.Item>Errors: failed and dead-lettered messages, rejected ACKs, with links to the message log</List.Item>
          <List.Item>Connector health: last message, last success and failure, latency of the latest health checks</List.Item>
          <List.Item>Outbox backlog per destination while a partner is unreachable, and open alerts</List.Item>
        </List>
      </Paper>
    </>
  );
}

/** Only the total is needed, so one row per page keeps each count cheap. */
function StatusCount({ status }: { status: ConnectorStatus }) {
  const navigate = useNavigate();
  const count = useApiQuery('connectors.list', { status, pageSize: 1 });
  return (
    // Named by what it shows (the count and "… connectors"), so speech and sight agree (WCAG 2.5.3).
    <UnstyledButton onClick={() => void navigate(`/connectors?status=${status}`)}>
      <Paper withBorder p="sm" data-testid={`connector-count-${status}`}>
        <Group justify="space-between" align="flex-start">
          <Text component="div" size="xl" fw={700} lh={1.1}>
            {count.isPending ? <Skeleton h={22} w={32} /> : count.isError ? '–' : count.data.total}
          </Text>
          <ConnectorStatusBadge status={status} />
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          {statusLabels[status]} connectors
        </Text>
      </Paper>
    </UnstyledButton>
  );
}

/** Listeners the engine should run and those that do not listen, from the engine's health answer. */
function ListenerHealth() {
  const health = useEngineHealth();
  if (!health.data) return null;
  const { listeners, reasons } = health.data;
  const down = reasons.filter((r) => r.code === 'LISTENER_DOWN');
  return (
    <Paper withBorder p="md" mb="lg" maw={960} data-testid="listener-health">
      <Group justify="space-between" mb={down.length > 0 ? 'xs' : 0}>
        <Text size="sm" fw={600}>
          Listeners
        </Text>
        <Badge color={listeners.up < listeners.expected ? 'red' : 'green'} variant="light" size="sm">
          {listeners.up} of {listeners.expected} listening
        </Badge>
      </Group>
      {down.length > 0 && (
        <List size="sm" spacing={4}>
          {down.map((reason) => (
            <List.Item key={reason.connectorId ?? reason.message}>
              <Anchor component={Link} to="/connectors?status=active" size="sm" c="red.8">
                {reason.message}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

