import { Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { summarizeAck } from './ack-summary';
import { RawMessageView } from './raw-message-view';

const codeColors: Record<string, string> = { A: 'green', E: 'orange', R: 'red' };

/** The ACK the engine answered with: what MSA and ERR say, then the ACK as sent. */
export function AckView({ payload }: { payload: string | null }) {
  if (payload === null) {
    return (
      <Text size="sm" c="dimmed" p="md" data-testid="ack-none">
        No ACK is stored for this message: the connector does not send ACKs, or it answers only after processing and processing has not finished.
      </Text>
    );
  }
  const ack = summarizeAck(payload);
  return (
    <Stack gap="sm" data-testid="ack-view">
      <Paper withBorder p="sm">
        <Group gap="sm" mb={ack.errors.length > 0 ? 'xs' : 0}>
          {ack.code && (
            <Badge color={codeColors[ack.code.charAt(1)] ?? 'gray'} variant="light" ff="monospace" data-testid="ack-code">
              {ack.code}
            </Badge>
          )}
          <Text size="sm" fw={600}>
            {ack.meaning ?? 'No MSA segment'}
          </Text>
          {ack.controlId && (
            <Text size="sm" c="dimmed">
              answers control id <Text span ff="monospace">{ack.controlId}</Text>
            </Text>
          )}
          {ack.text && <Text size="sm">· {ack.text}</Text>}
        </Group>
        {ack.errors.length > 0 && (
          <Table withRowBorders={false} verticalSpacing={2} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Location</Table.Th>
                <Table.Th w={230}>Condition</Table.Th>
                <Table.Th w={80}>Severity</Table.Th>
                <Table.Th>Diagnostic</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ack.errors.map((error, i) => (
                <Table.Tr key={i} data-testid="ack-error">
                  <Table.Td ff="monospace">{error.location ?? '—'}</Table.Td>
                  <Table.Td>{error.condition ?? '—'}</Table.Td>
                  <Table.Td>{error.severity ?? '—'}</Table.Td>
                  <Table.Td c="red.8">{[error.diagnostic, error.userMessage].filter(Boolean).join(' · ') || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <RawMessageView text={payload} label="ACK as sent" />
    </Stack>
  );
}
