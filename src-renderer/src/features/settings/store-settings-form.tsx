import type { StoreSettings } from '@contract/store';
import { Button, Group, NumberInput } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { bytesOfMegabytes, megabytesOf } from './byte-size';

/** The store-wide rules: the size limit retention keeps the store under, and the free-disk floor of intake. */
export function StoreSettingsForm({ settings }: { settings: StoreSettings }) {
  const update = useApiMutation('store.updateSettings');
  const [maxMb, setMaxMb] = useState<number | string>(megabytesOf(settings.maxStoreBytes));
  const [minFreeMb, setMinFreeMb] = useState<number | string>(megabytesOf(settings.minFreeDiskBytes));
  const save = () =>
    update.mutate(
      { version: settings.version, maxStoreBytes: bytesOfMegabytes(maxMb), minFreeDiskBytes: bytesOfMegabytes(minFreeMb) ?? 0 },
      { onSuccess: () => notifySuccess('Store settings saved'), onError: (error) => notifyError('Could not save the store settings', error.message) },
    );
  return (
    <Group align="end">
      <NumberInput label="Largest store size (MB)" description="Empty: no limit" min={1} value={maxMb} onChange={setMaxMb} w={220} data-testid="max-store-mb" />
      <NumberInput label="Refuse messages below free disk (MB)" description="0 turns the guard off" min={0} value={minFreeMb} onChange={setMinFreeMb} w={260} />
      <Button onClick={save} loading={update.isPending}>
        Save
      </Button>
    </Group>
  );
}
