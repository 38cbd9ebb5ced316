import type { StoreBackupFile, StoreOverview } from '@contract/store';
import { Badge, Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ConfirmModal } from '../../components/confirm-modal';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatTimestamp } from '../../components/time-format';
import { formatBytes } from './byte-size';

/** An error above its input keeps the inputs and the button of the row aligned at the bottom. */
const errorAbove: ('label' | 'description' | 'error' | 'input')[] = ['label', 'description', 'error', 'input'];

/** The backup job's folder and how many to keep, "Back up now", and the backups in the folder, each with Restore. */
export function BackupsSection({ backups }: { backups: StoreOverview['backups'] }) {
  const create = useApiMutation('integrationJobs.create');
  const run = useApiMutation('integrationJobs.run');
  const restore = useApiMutation('store.restore');
  const [restoring, setRestoring] = useState<StoreBackupFile | null>(null);
  const confirmRestore = (file: StoreBackupFile) =>
    restore.mutate(
      { name: file.name },
      {
        onSuccess: (answer) => {
          setRestoring(null);
          notifySuccess(`Restoring the backup of ${formatTimestamp(file.createdAt)}; the store it replaces is kept as ${answer.beforeRestore}. The console reconnects when the engine is back.`);
        },
        onError: (error) => {
          setRestoring(null);
          notifyError('The backup was not restored', error.message);
        },
      },
    );
  const [folder, setFolder] = useState(backups.folder ?? '');
  const [keep, setKeep] = useState<number | string>(backups.keep ?? 7);
  // What the engine says about the folder or the count goes under that field; anything else is a notification.
  const fields = create.error?.fieldErrors ?? {};
  const setUp = () =>
    create.mutate(
      { name: 'Store backup', kind: 'store-backup', schedule: '0 2 * * *', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, config: { folder, keep: Number(keep) } },
      {
        onSuccess: () => notifySuccess('Nightly backup set up (02:00); change its schedule on the Jobs page'),
        onError: (error) => {
          if (!error.fieldErrors['config.folder'] && !error.fieldErrors['config.keep']) notifyError('Could not set up the backup', error.message);
        },
      },
    );
  const backUpNow = (id: string) =>
    run.mutate({ id }, { onSuccess: () => notifySuccess('Backup started'), onError: (error) => notifyError('Could not start a backup', error.message) });
  return (
    <Stack gap="sm">
      {backups.jobId === null ? (
        <Group align="end">
          <TextInput label="Backup folder" description="An absolute path on the engine's machine, ideally another disk" value={folder} onChange={(e) => setFolder(e.currentTarget.value)} error={fields['config.folder']?.join(' ')} inputWrapperOrder={errorAbove} w={360} />
          <NumberInput label="Keep" min={1} max={1000} value={keep} onChange={setKeep} error={fields['config.keep']?.join(' ')} inputWrapperOrder={errorAbove} w={100} />
          <Button onClick={setUp} loading={create.isPending} disabled={folder.trim() === ''}>
            Set up nightly backup
          </Button>
        </Group>
      ) : (
        <Group>
          <Text size="sm">
            Backups go to <code>{backups.folder}</code>, keeping {backups.keep}.{' '}
            {backups.lastRun && `Last run: ${backups.lastRun.status}${backups.lastRun.finishedAt ? ` at ${formatTimestamp(backups.lastRun.finishedAt)}` : ''}${backups.lastRun.error ? ` (${backups.lastRun.error.message})` : ''}.`}
          </Text>
          <Button size="xs" onClick={() => backUpNow(backups.jobId!)} loading={run.isPending}>
            Back up now
          </Button>
        </Group>
      )}
      {backups.files.length > 0 && (
        <Table data-testid="backups-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Backup</Table.Th>
              <Table.Th>Taken</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {backups.files.map((file) => (
              <Table.Tr key={file.name}>
                <Table.Td>
                  {file.name}{' '}
                  {file.beforeRestore && (
                    <Badge size="xs" variant="light" color="gray">
                      before a restore
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{formatTimestamp(file.createdAt)}</Table.Td>
                <Table.Td>{formatBytes(file.bytes)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" color="red" onClick={() => setRestoring(file)} aria-label={`Restore the backup of ${formatTimestamp(file.createdAt)}`}>
                    Restore
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {restoring && (
        <ConfirmModal title="Restore this backup?" confirmLabel="Restore" busy={restore.isPending} onConfirm={() => confirmRestore(restoring)} onClose={() => setRestoring(null)} confirmTestId="confirm-restore">
          The store goes back to the backup of <strong>{formatTimestamp(restoring.createdAt)}</strong>: messages, connectors and settings changed since are replaced. Inbound pauses while it is restored — listeners close and
          senders retry — then the engine resumes. The current store is kept as a backup first, so this can be undone.
        </ConfirmModal>
      )}
    </Stack>
  );
}
