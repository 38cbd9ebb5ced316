import { ErrorCode } from '@contract/error-codes';
import { Alert, Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient, useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { describeFilters, type MessageFilters } from './message-filters';
import { isQueued } from './message-status';
import { countReprocessable } from './reprocessable-count';

const numberFormat = new Intl.NumberFormat();

interface BulkReprocessProps {
  filters: MessageFilters;
  connectorName: (id: string) => string;
}

export function BulkReprocessButton({ filters, connectorName }: BulkReprocessProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="compact-sm" variant="default" disabled={filters.status !== undefined && isQueued(filters.status)} onClick={() => setOpen(true)}>
        Reprocess all matching…
      </Button>
      {open && <BulkReprocessModal filters={filters} connectorName={connectorName} onClose={() => setOpen(false)} />}
    </>
  );
}

function BulkReprocessModal({ filters, connectorName, onClose }: BulkReprocessProps & { onClose: () => void }) {
  const client = useApiClient();
  // Not an operation key on purpose: change events must not move the number while the user reads it.
  const count = useQuery({ queryKey: ['bulkReprocessCount', filters], queryFn: () => countReprocessable(client, filters), staleTime: Infinity, gcTime: 0 });
  const reprocess = useApiMutation('hl7Messages.reprocessMatching');
  const [conflict, setConflict] = useState<string | null>(null);
  const lines = describeFilters(filters, connectorName);
  const eligible = count.data?.eligible ?? 0;

  const confirm = () =>
    reprocess.mutate(
      { ...filters, expectedCount: eligible },
      {
        onSuccess: ({ queued, skipped }) => {
          notifySuccess(`Queued ${numberFormat.format(queued)} ${queued === 1 ? 'message' : 'messages'} for reprocessing${skipped > 0 ? ` (${numberFormat.format(skipped)} already queued, skipped)` : ''}`);
          onClose();
        },
        onError: (error) => {
          if (error.code !== ErrorCode.INTEROP_REPROCESS_COUNT_CHANGED) return notifyError('Could not reprocess messages', error.message);
          setConflict(error.message);
          void count.refetch();
        },
      },
    );

  return (
    <Modal opened onClose={onClose} title="Reprocess all matching messages" size="md" centered>
      <Stack gap="sm" data-testid="bulk-reprocess">
        {count.isPending ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Counting matching messages…</Text>
          </Group>
        ) : count.isError ? (
          <Alert color="red" variant="light" title="Could not count the matching messages">
            {count.error.message}
          </Alert>
        ) : count.data?.tooMany ? (
          <Alert color="orange" variant="light" title="Too many messages match" data-testid="bulk-reprocess-too-many">
            The engine could not count these matches exactly: it counts up to 10,000, and fewer for a broad text search combined with other filters. Narrow them (connector, type, status or time) to reprocess in batches you can confirm.
          </Alert>
        ) : (
          <Text size="sm" data-testid="bulk-reprocess-count" data-count={eligible}>
            Queue <b>{numberFormat.format(eligible)}</b> {eligible === 1 ? 'message' : 'messages'} for another processing attempt. The stored messages are not
            changed.
          </Text>
        )}
        <div>
          <Text size="xs" fw={600} c="dimmed" mb={2}>
            {lines.length > 0 ? 'Matching' : 'Matching every message in the log (no filters)'}
          </Text>
          {lines.length > 0 && (
            <List size="sm" spacing={2}>
              {lines.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
        </div>
        {count.data && count.data.queued > 0 && (
          <Text size="xs" c="dimmed">
            {numberFormat.format(count.data.queued)} matching {count.data.queued === 1 ? 'message is' : 'messages are'} already pending or processing and will be
            skipped.
          </Text>
        )}
        {count.data && count.data.refused > 0 && (
          <Text size="xs" c="dimmed" data-testid="bulk-reprocess-refused">
            {numberFormat.format(count.data.refused)} matching {count.data.refused === 1 ? 'message was' : 'messages were'} refused when {count.data.refused === 1 ? 'it' : 'they'} arrived
            and will not be reprocessed: the sender was told so and resends a corrected message.
          </Text>
        )}
        {conflict && (
          <Alert color="orange" variant="light" title="The count changed" data-testid="bulk-reprocess-conflict">
            {conflict}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={confirm} loading={reprocess.isPending} disabled={!count.isSuccess || count.isFetching || count.data.tooMany || eligible === 0}>
            Reprocess {numberFormat.format(eligible)} {eligible === 1 ? 'message' : 'messages'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
