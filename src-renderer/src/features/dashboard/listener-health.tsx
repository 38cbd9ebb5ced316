import { Anchor, Badge, Group, List, Paper, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useEngineHealth } from '../../components/engine-status';

/** Listeners the engine should run and those that do not listen, from the engine's health answer. */
export function ListenerHealth() {
  const health = useEngineHealth();
  if (!health.data) return null;
  const { listeners, reasons } = health.data;
  const down = reasons.filter((r) => r.code === 'LISTENER_DOWN');
  return (
    <Paper withBorder p="md" mb="lg" data-testid="listener-health">
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
