import type { InterfaceErrorGroup } from '@contract/interface-errors';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { formatTimestamp } from '../../components/time-format';
import { GroupActionConfirmation } from './group-action-confirmation';
import { GroupErrors } from './group-errors';
import { ACTION_LABELS, SOURCE_LABELS, type GroupAction, type GroupFilters } from './interface-error-labels';

const numberFormat = new Intl.NumberFormat();

interface ErrorGroupsTableProps {
  groups: readonly InterfaceErrorGroup[];
  filters: GroupFilters;
  connectorName: (id: string) => string;
}

/** One row per cause with its count and when it was seen; a row opens to its errors, and open groups take bulk actions. */
export function ErrorGroupsTable({ groups, filters, connectorName }: ErrorGroupsTableProps) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const [asked, setAsked] = useState<{ group: InterfaceErrorGroup; action: GroupAction } | null>(null);
  const canAct = filters.status === 'open';

  return (
    <>
      <Table.ScrollContainer minWidth={960}>
        <Table data-testid="error-groups-table" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cause</Table.Th>
              <Table.Th>Connectors</Table.Th>
              <Table.Th ta="right">Errors</Table.Th>
              <Table.Th>First seen</Table.Th>
              <Table.Th>Last seen</Table.Th>
              {canAct && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((group, index) => {
              const open = expanded === group.causeKey;
              const panelId = `error-group-${index}`;
              return (
                <Fragment key={group.causeKey}>
                  <Table.Tr data-testid="error-group" data-cause-key={group.causeKey} data-count={group.count}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text
                          component="button"
                          type="button"
                          size="sm"
                          fw={500}
                          ta="left"
                          aria-expanded={open}
                          aria-controls={panelId}
                          style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', color: 'inherit' }}
                          onClick={() => setExpanded(open ? null : group.causeKey)}
                        >
                          {open ? '▾' : '▸'} {group.cause}
                        </Text>
                        <Group gap={4}>
                          {group.sources.map((source) => (
                            <Badge key={source} size="xs" variant="light" color="gray">
                              {SOURCE_LABELS[source]}
                            </Badge>
                          ))}
                        </Group>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{group.connectorIds.length > 0 ? group.connectorIds.map(connectorName).join(', ') : '—'}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={600} data-testid="error-group-count">
                        {numberFormat.format(group.count)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatTimestamp(group.firstSeenAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatTimestamp(group.lastSeenAt)}</Text>
                    </Table.Td>
                    {canAct && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {(['reprocess', 'resolve', 'ignore'] as const).map((action) => (
                            <Button key={action} size="compact-xs" variant={action === 'reprocess' ? 'light' : 'default'} onClick={() => setAsked({ group, action })}>
                              {ACTION_LABELS[action].verb}…
                            </Button>
                          ))}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                  {open && (
                    <Table.Tr>
                      <Table.Td colSpan={canAct ? 6 : 5} p={0} id={panelId}>
                        <GroupErrors causeKey={group.causeKey} filters={filters} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {asked && <GroupActionConfirmation group={asked.group} action={asked.action} filters={filters} onClose={() => setAsked(null)} />}
    </>
  );
}
