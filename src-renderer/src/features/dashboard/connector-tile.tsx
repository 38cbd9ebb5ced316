import type { ConnectorDashboard } from '@contract/monitoring';
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { directionLabels, protocolLabels } from '../connectors/connector-labels';
import { ConnectorStatusBadge } from '../connectors/connector-status-badge';
import { ageOf, alertCountsText, healthColors } from './dashboard-format';
import { Sparkline } from './sparkline';

/** One connector at a glance: status, health, the last hour's throughput, queues, last message, open alerts. */
export function ConnectorTile({ connector: c, now }: { connector: ConnectorDashboard; now: number }) {
  const perHour = c.throughput.reduce((a, b) => a + b, 0);
  const alerts = alertCountsText(c.openAlerts);
  return (
    <Paper component="section" withBorder p="sm" aria-labelledby={`tile-${c.id}`} data-testid="connector-tile" data-connector-name={c.name} data-health={c.health} data-status={c.status}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb={4}>
        <Stack gap={0}>
          <Text id={`tile-${c.id}`} component="h3" fw={600} size="sm">
            {c.name}
          </Text>
          <Text size="xs" c="dimmed" data-testid="tile-kind">
            {protocolLabels[c.protocol]} · {directionLabels[c.direction]}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <ConnectorStatusBadge status={c.status} />
          <Badge color={healthColors[c.health]} variant="light" size="sm" data-testid="tile-health" title={c.healthReason ?? undefined}>
            {c.health}
          </Badge>
        </Group>
      </Group>
      <Sparkline values={c.throughput} label={`${perHour} messages in the last hour`} />
      <Group gap="md" mt={4}>
        <Fact label="Last hour" value={`${c.rates.lastHour.received} in · ${c.rates.lastHour.sent} out`} />
        <Fact label="Failed" value={String(c.rates.lastHour.failed)} />
        <Fact label="Queue" value={c.direction === 'outbound' ? String(c.outboundDepth) : String(c.queueDepth)} testId="tile-queue" />
        <Fact label="ACK p99" value={c.ackLatencyMs.p99 === null ? '—' : `${c.ackLatencyMs.p99} ms`} />
        <Fact label="Last message" value={ageOf(c.lastMessageAt, now)} />
        <Fact label="Open alerts" value={alerts} testId="tile-alerts" />
      </Group>
      {c.healthReason && c.health !== 'healthy' && (
        <Text size="xs" c="dimmed" mt={4} lineClamp={2} data-testid="tile-health-reason">
          {c.healthReason}
        </Text>
      )}
    </Paper>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
