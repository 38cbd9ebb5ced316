import type { AuditEvent } from '@contract/audit';
import { Badge, Stack, Table, Text } from '@mantine/core';
import { formatTimestamp } from '../../components/time-format';
import { auditEntryKind, detailsText } from './audit-filters';

const outcomeColors = { ok: 'green', refused: 'orange', failed: 'red' } as const;
const kindLabels = { request: 'request', change: 'change record', event: 'event' } as const;

/** One row per entry, newest first; a service's change record sits, indented, beneath the request that made it. */
export function AuditEventsTable({ events }: { events: readonly AuditEvent[] }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table data-testid="audit-table" verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => {
            const kind = auditEntryKind(e);
            const details = detailsText(e.details);
            return (
              <Table.Tr key={e.id} data-testid="audit-row" data-kind={kind}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {formatTimestamp(e.at)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.actorId}</Text>
                  <Text size="xs" c="dimmed">
                    {e.actorKind}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.remoteAddress ?? '—'}</Text>
                </Table.Td>
                <Table.Td pl={kind === 'change' ? 'xl' : undefined}>
                  <Stack gap={0}>
                    <Text size="sm" ff="monospace">
                      {e.action}{' '}
                      <Text span size="xs" c="dimmed" ff="text">
                        ({kindLabels[kind]})
                      </Text>
                    </Text>
                    {details && (
                      <Text size="xs" c="dimmed">
                        {details}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {e.targetId === null ? (
                    <Text size="sm">—</Text>
                  ) : (
                    <>
                      <Text size="sm" ff="monospace">
                        {e.targetId}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {e.targetType}
                      </Text>
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={outcomeColors[e.outcome]}>
                    {e.outcome}
                  </Badge>
                  {e.errorCode && (
                    <Text size="xs" c="dimmed">
                      {e.errorCode}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
