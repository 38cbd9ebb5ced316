import type { Hl7MessageDetail } from '@contract/messages';
import { Alert, Badge, Center, Drawer, Group, Loader, SimpleGrid, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { useReturnFocus } from '../../components/use-return-focus';
import { useErrorNotification } from '../../components/use-error-notification';
import { AckView } from './ack-view';
import { AttemptsTimeline } from './attempts-timeline';
import { LinkedResources } from './linked-resources';
import { MessageActions } from './message-actions';
import { MessageDelivery } from './message-delivery';
import { formatTimestamp } from '../../components/time-format';
import { endpointLabel, formatBytes } from './message-format';
import { CONTROL_ID_REUSED } from './message-format';
import { MessageStatusBadge } from './message-status-badge';
import { RawMessageView } from './raw-message-view';
import { SegmentTree } from './segment-tree';

/** `/messages/:id`: the message in a drawer over the log, which keeps its filters and scroll position. */
export function MessageDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  const message = useApiQuery('hl7Messages.get', { id });
  useErrorNotification('message-detail-error', 'Could not load the message', message.error);
  const close = () => void navigate({ pathname: '/messages', search });
  useReturnFocus();

  return (
    <Drawer
      opened
      onClose={close}
      position="right"
      size="min(1160px, calc(100vw - 160px))"
      title={message.data ? <DetailTitle message={message.data} /> : 'Message'}
      styles={{ title: { flex: 1 } }}
      closeButtonProps={{ 'aria-label': 'Close message' }}
    >
      {message.isPending ? (
        <Center p="xl">
          <Loader size="sm" aria-label="Loading message" />
        </Center>
      ) : message.isError ? (
        <Alert color="red" variant="light" title={message.error.status === 404 ? 'Message not found' : 'Could not load the message'}>
          {message.error.status === 404 ? `There is no message ${id}; it may have been purged.` : message.error.message}
        </Alert>
      ) : (
        <DetailBody message={message.data} />
      )}
    </Drawer>
  );
}

function DetailTitle({ message }: { message: Hl7MessageDetail }) {
  return (
    <Group gap="sm" wrap="nowrap" data-testid="message-detail-title">
      <Text fw={700} ff="monospace" size="lg">
        {message.messageType ?? 'Unknown type'}
      </Text>
      <Text ff="monospace" size="md" c="dimmed">
        {message.messageControlId ?? 'no control id'}
      </Text>
      <MessageStatusBadge status={message.status} />
      {message.controlIdReused && (
        <Tooltip label={CONTROL_ID_REUSED} multiline w={320} withArrow>
          <Badge color="orange" variant="light" data-testid="control-id-reused">
            Control ID reused
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function DetailBody({ message }: { message: Hl7MessageDetail }) {
  const [tab, setTab] = useState<string | null>('raw');
  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  const connector = connectors.data?.data.find((c) => c.id === message.connectorId)?.name ?? message.connectorId;
  const fullEndpoint = (app: string | null, facility: string | null) => [app, facility].filter(Boolean).join(' · ');

  return (
    <Stack gap="md" data-testid="message-detail" data-message-id={message.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <SimpleGrid cols={4} spacing="md" verticalSpacing={6} style={{ flex: 1 }}>
          <Meta label="Received">{formatTimestamp(message.receivedAt)}</Meta>
          <Meta label="Processed">{formatTimestamp(message.processedAt)}</Meta>
          <Meta label="Connector">{connector}</Meta>
          <Meta label="From address">{message.remoteAddress ?? '—'}</Meta>
          <Meta label="Sending app · facility" title={fullEndpoint(message.sendingApplication, message.sendingFacility)}>
            {endpointLabel(message.sendingApplication, message.sendingFacility)}
          </Meta>
          <Meta label="Receiving app · facility" title={fullEndpoint(message.receivingApplication, message.receivingFacility)}>
            {endpointLabel(message.receivingApplication, message.receivingFacility)}
          </Meta>
          <Meta label="Size">
            {formatBytes(message.rawSize)}
            {message.charset ? ` · ${message.charset}` : ''}
            {message.versionId ? ` · v${message.versionId}` : ''}
          </Meta>
          <Meta label="Duplicates">{message.duplicateCount === 0 ? 'none' : `received ${message.duplicateCount} more ${message.duplicateCount === 1 ? 'time' : 'times'}`}</Meta>
        </SimpleGrid>
        <MessageActions message={message} />
      </Group>
      {(message.errorCode || message.errorMessage) && (
        <Alert color="red" variant="light" p="xs" data-testid="message-error">
          <Text size="sm">
            {message.errorCode && <b>{message.errorCode}</b>} {message.errorMessage}
            {message.nextAttemptAt && ` · next attempt ${formatTimestamp(message.nextAttemptAt)}`}
          </Text>
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="raw">Raw</Tabs.Tab>
          <Tabs.Tab value="fields">Fields</Tabs.Tab>
          <Tabs.Tab value="ack">ACK sent{message.ackCode ? ` · ${message.ackCode}` : ''}</Tabs.Tab>
          <Tabs.Tab value="attempts">Attempts ({message.attempts.length})</Tabs.Tab>
          <Tabs.Tab value="links">Linked FHIR resources ({message.links.length})</Tabs.Tab>
          <Tabs.Tab value="delivery">Delivery</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="raw" pt="sm">
          <RawMessageView text={message.raw} label="Message as received" />
        </Tabs.Panel>
        <Tabs.Panel value="fields" pt="sm">
          <SegmentTree messageId={message.id} />
        </Tabs.Panel>
        <Tabs.Panel value="ack" pt="sm">
          <AckView payload={message.ackPayload} />
        </Tabs.Panel>
        <Tabs.Panel value="attempts" pt="sm">
          <AttemptsTimeline attempts={message.attempts} rejectedOnArrival={!message.accepted} />
        </Tabs.Panel>
        <Tabs.Panel value="links" pt="sm">
          <LinkedResources links={message.links} />
        </Tabs.Panel>
        <Tabs.Panel value="delivery" pt="sm">
          <MessageDelivery messageId={message.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Meta({ label, title, children }: { label: string; title?: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" truncate="end" title={title}>
        {children}
      </Text>
    </div>
  );
}
