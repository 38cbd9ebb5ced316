import type { Hl7MessageDetail } from '@contract/messages';
import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useApiClient, useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { isQueued } from './message-status';

/** Reprocess and Copy masked. There is deliberately no way to copy the unmasked payload. */
export function MessageActions({ message }: { message: Hl7MessageDetail }) {
  const client = useApiClient();
  const reprocess = useApiMutation('hl7Messages.reprocess');
  // One key per intent, renewed only once the request settles: a double-click sends the same key twice
  // and the engine queues one attempt.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const label = message.messageControlId ?? message.id;

  const runReprocess = () =>
    reprocess.mutate(
      { id: message.id, idempotencyKey },
      {
        onSuccess: ({ attempt }) => notifySuccess(`Queued attempt ${attempt.attemptNumber} of message ${label}`),
        onError: (error) => notifyError(`Could not reprocess message ${label}`, error.message),
        onSettled: () => setIdempotencyKey(crypto.randomUUID()),
      },
    );

  const copyMasked = async () => {
    let masked: string;
    try {
      masked = (await client.call('hl7Messages.masked', { id: message.id })).text;
    } catch (error) {
      notifyError('Nothing copied', error instanceof Error ? error.message : String(error));
      return;
    }
    try {
      await navigator.clipboard.writeText(masked);
      notifySuccess('Copied with PHI masked: patient names, identifiers, birth dates, addresses and phone numbers are replaced by ***.');
    } catch (error) {
      notifyError('Could not copy', error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Group gap="xs" wrap="nowrap">
      {/* Already queued, or refused at intake: the engine would answer 409. */}
      <Button
        size="xs"
        onClick={runReprocess}
        loading={reprocess.isPending}
        disabled={isQueued(message.status) || !message.accepted}
        title={message.accepted ? undefined : 'Refused when it arrived: the sender was told so and resends a corrected message'}
        data-testid="reprocess"
      >
        Reprocess
      </Button>
      <Button size="xs" variant="default" onClick={() => void copyMasked()} data-testid="copy-masked">
        Copy masked
      </Button>
    </Group>
  );
}
