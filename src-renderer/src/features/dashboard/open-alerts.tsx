import type { AlertSeverity } from '@contract/alerts';
import type { Dashboard } from '@contract/monitoring';
import { Anchor, Badge, Group, List, Paper, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatTimestamp } from '../../components/time-format';
import { severityColors } from '../alerts/alert-labels';
import { alertCountsText } from './dashboard-format';

/** The open and acknowledged alerts, most severe first, above everything else. */
export function OpenAlerts({ dashboard }: { dashboard: Dashboard }) {
  const { openAlerts, openAlertCounts } = dashboard;
  return (
    <Paper component="section" withBorder p="md" mb="lg" aria-labelledby="open-alerts-title" data-testid="open-alerts">
      <Group justify="space-between" mb={openAlerts.length > 0 ? 'xs' : 0}>
        <Text id="open-alerts-title" component="h2" size="sm" fw={600}>
          Open alerts
        </Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed" data-testid="open-alert-counts">
            {alertCountsText(openAlertCounts)}
          </Text>
          <Anchor component={Link} to="/alerts" size="sm">
            All alerts
          </Anchor>
        </Group>
      </Group>
      {openAlerts.length > 0 && (
        <List size="sm" spacing={4} listStyleType="none">
          {openAlerts.map((a) => (
            <List.Item key={a.id} data-testid="open-alert">
              <Group gap="xs" wrap="nowrap">
                <Badge color={severityColors[a.severity as AlertSeverity] ?? 'gray'} size="sm" variant="light">
                  {a.severity}
                </Badge>
                <Text size="sm">
                  {a.connectorName ? `${a.connectorName}: ` : ''}
                  {a.message}
                  {a.count > 1 ? ` (×${a.count})` : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {a.status} · since {formatTimestamp(a.raisedAt)}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
