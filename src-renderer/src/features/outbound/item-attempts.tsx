import type { OutboundAttempt } from '@contract/outbound';
import { Table, Text } from '@mantine/core';
import { formatTimestamp } from '../../components/time-format';
import { errorLine } from './outbound-format';

/** One item's attempts, oldest first. */
export function ItemAttempts({ attempts }: { attempts: readonly OutboundAttempt[] }) {
  if (attempts.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="item-attempts">
        Not tried yet.
      </Text>
    );
  }
  return (
    <Table withRowBorders={false} data-testid="item-attempts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={190}>Started</Table.Th>
          <Table.Th w={110}>Outcome</Table.Th>
          <Table.Th w={60}>ACK</Table.Th>
          <Table.Th w={90} ta="right">
            Latency
          </Table.Th>
          <Table.Th>Error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {attempts.map((attempt) => (
          <Table.Tr key={attempt.id} data-testid="item-attempt">
            <Table.Td>{formatTimestamp(attempt.startedAt)}</Table.Td>
            <Table.Td>{attempt.outcome ?? 'running'}</Table.Td>
            <Table.Td ff="monospace">{attempt.ackCode ?? '—'}</Table.Td>
            <Table.Td ta="right">{attempt.latencyMs === null ? '—' : `${attempt.latencyMs} ms`}</Table.Td>
            <Table.Td>
              <Text size="xs" c={attempt.errorCode ? 'red.8' : 'dimmed'}>
                {errorLine(attempt.errorCode, attempt.error) ?? '—'}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
