import { AlertSeverity, AlertStatus, type Alert } from '@contract/alerts';
import { Badge, Button, Center, Group, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { alertTypeLabels, severityColors } from './alert-labels';
import { useUrlParams } from '../../components/use-url-params';

const PAGE_SIZE = 50;
const statusTabs = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
];
const severityOptions = AlertSeverity.options.map((s) => ({ value: s, label: s }));

/** `/alerts`: one row per incident — open, acknowledged (someone is on it) or resolved — filtered by connector and severity in the URL. */
export function AlertsPage() {
  const [params, setUrlParam] = useUrlParams();
  const status = AlertStatus.safeParse(params.get('status')).data ?? 'open';
  const severity = AlertSeverity.safeParse(params.get('severity')).data;
  const connectorId = params.get('connector') ?? undefined;
  const [page, setPage] = useState(1);
  const setParam = (name: string, value: string | null) => {
    setPage(1);
    setUrlParam(name, value);
  };
  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  const names = new Map((connectors.data?.data ?? []).map((c) => [c.id, c.name]));
  const alerts = useApiQuery('alerts.list', { status, page, pageSize: PAGE_SIZE, ...(severity ? { severity } : {}), ...(connectorId ? { connectorId } : {}) }, { placeholderData: keepPreviousData });

  return (
    <>
      <PageHeader title="Alerts" description="One alert per incident: raised when a condition starts, counted while it lasts, resolved with a recovery notice when it clears." />
      <Group mb="sm" align="flex-end">
        <SegmentedControl aria-label="Alert status" data={statusTabs} value={status} onChange={(value) => setParam('status', value === 'open' ? null : value)} />
        <Select
          aria-label="Connector"
          placeholder="All connectors"
          clearable
          searchable
          data={(connectors.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={connectorId ?? null}
          onChange={(value) => setParam('connector', value)}
        />
        <Select aria-label="Severity" placeholder="All severities" clearable data={severityOptions} value={severity ?? null} onChange={(value) => setParam('severity', value)} />
      </Group>
      <Paper withBorder>
        {alerts.isPending ? (
          <LoadingState label="Loading alerts" />
        ) : alerts.isError ? (
          <LoadFailed title="Could not load the alerts" message={alerts.error.message} onRetry={() => void alerts.refetch()} />
        ) : alerts.data.data.length === 0 ? (
          <Center p="xl" data-testid="alerts-empty">
            <Text size="sm" c="dimmed">
              {status === 'resolved' ? 'No alert has been resolved yet.' : `No ${status} alerts.`}
            </Text>
          </Center>
        ) : (
          <>
            <AlertsTable alerts={alerts.data.data} connectorName={(id) => (id ? (names.get(id) ?? id) : '—')} />
            {alerts.data.total > alerts.data.pageSize && (
              <Group justify="flex-end" p="xs">
                <Pagination size="sm" total={Math.ceil(alerts.data.total / alerts.data.pageSize)} value={alerts.data.page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </Paper>
    </>
  );
}

function AlertsTable({ alerts, connectorName }: { alerts: readonly Alert[]; connectorName: (id: string | null) => string }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table data-testid="alerts-table" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Alert</Table.Th>
            <Table.Th>Connector</Table.Th>
            <Table.Th>Count</Table.Th>
            <Table.Th>First seen</Table.Th>
            <Table.Th>Last seen</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((a) => (
            <Table.Tr key={a.id} data-testid={`alert-${a.id}`}>
              <Table.Td>
                <Badge variant="light" color={severityColors[a.severity]}>
                  {a.severity}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    {alertTypeLabels[a.type]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {a.message}
                  </Text>
                  {a.recoveryMessage && (
                    <Text size="xs" c="green.8">
                      Recovered: {a.recoveryMessage}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{connectorName(a.connectorId)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.count}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTimestamp(a.firstSeenAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTimestamp(a.lastSeenAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.status === 'resolved' ? `resolved (${a.resolution === 'manual' ? 'by an operator' : 'recovered'})` : a.status}</Text>
              </Table.Td>
              <Table.Td>
                <AlertActions alert={a} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AlertActions({ alert }: { alert: Alert }) {
  const acknowledge = useApiMutation('alerts.acknowledge');
  const resolve = useApiMutation('alerts.resolve');
  const failed = (what: string) => (error: ApiError) => notifyError(`Could not ${what} the alert`, error.message);
  if (alert.status === 'resolved') return null;
  return (
    <Group gap="xs" wrap="nowrap">
      {alert.status === 'open' && (
        <Button size="xs" variant="default" loading={acknowledge.isPending} onClick={() => acknowledge.mutate({ id: alert.id }, { onError: failed('acknowledge') })}>
          Acknowledge
        </Button>
      )}
      <Button size="xs" variant="light" loading={resolve.isPending} onClick={() => resolve.mutate({ id: alert.id }, { onError: failed('resolve') })}>
        Resolve
      </Button>
    </Group>
  );
}
