import type { ApiClient, ApiClientSecret } from '@contract/api-clients';
import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError } from '../../components/notify';

/** Asks how long the current secret keeps working, then hands the new secret up to be shown once. */
export function RotateForm({ client, onRotated, onClose }: { client: ApiClient; onRotated: (rotated: ApiClientSecret) => void; onClose: () => void }) {
  const rotate = useApiMutation('apiClients.rotate', { forgetResult: true });
  const [overlapMinutes, setOverlapMinutes] = useState<number | string>(60);
  const minutes = typeof overlapMinutes === 'number' ? overlapMinutes : 0;
  const submit = () =>
    rotate.mutate(
      { id: client.id, overlapSeconds: minutes * 60 },
      { onSuccess: onRotated, onError: (error) => notifyError(`Could not rotate ${client.name}`, error.message) },
    );
  return (
    <Modal opened onClose={onClose} title={`Rotate the secret · ${client.name}`} size="md" centered>
      <Stack gap="sm">
        <Text size="sm">A new secret is made and shown once. The current one keeps working for the overlap, so the client can switch without an outage.</Text>
        <NumberInput label="Overlap (minutes)" description="0: the current secret stops working at once" min={0} max={30 * 1440} allowDecimal={false} value={overlapMinutes} onChange={setOverlapMinutes} data-autofocus />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={rotate.isPending} onClick={submit}>
            Rotate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
