import type { SyncConflictChoice, SyncConflictDetail } from '@contract/sync';
import { Alert, Button, Code, Group, Paper, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { fieldRows } from './conflict-fields';

/** One conflict: the local version (left) and the upstream's (right) element by element, differing elements highlighted, and the choice. */
export function ConflictDetail({ id }: { id: string }) {
  const conflict = useApiQuery('syncConflicts.get', { id });
  if (conflict.isPending) return <LoadingState label="Loading the conflict" />;
  if (conflict.isError) return <LoadFailed title="Could not load the conflict" message={conflict.error.message} onRetry={() => void conflict.refetch()} />;
  return <ConflictView conflict={conflict.data} />;
}

function ConflictView({ conflict }: { conflict: SyncConflictDetail }) {
  const resolve = useApiMutation('syncConflicts.resolve');
  const [editing, setEditing] = useState<string | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const open = conflict.status === 'open';
  const rows = fieldRows(conflict.local, conflict.remote, conflict.differingFields);

  const choose = (choice: SyncConflictChoice, resource?: Record<string, unknown>) =>
    resolve.mutate(
      { id: conflict.id, choice, ...(resource ? { resource: resource as { resourceType: string } } : {}) },
      {
        onSuccess: () => (setEditing(null), notifySuccess(`${conflict.resourceType}/${conflict.resourceId}: ${choice === 'local' ? 'local version kept' : choice === 'remote' ? 'upstream version kept' : 'edited version saved'} on both sides`)),
        onError: (error) => notifyError('Could not resolve the conflict', error.message),
      },
    );
  const saveEdit = () => {
    try {
      const parsed = JSON.parse(editing ?? '') as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      setEditError(null);
      choose('edited', parsed as Record<string, unknown>);
    } catch {
      setEditError(`Enter the ${conflict.resourceType} as a JSON object`);
    }
  };

  return (
    <Paper withBorder p="sm" mt="md" data-testid="conflict-detail" aria-labelledby="conflict-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="conflict-title">
          {conflict.resourceType}/{conflict.resourceId}
        </Title>
        {open && editing === null && (
          <Group gap="xs">
            <Button size="xs" variant="default" loading={resolve.isPending} onClick={() => choose('local')}>
              Keep local (left)
            </Button>
            <Button size="xs" variant="default" loading={resolve.isPending} onClick={() => choose('remote')}>
              Keep upstream (right)
            </Button>
            <Button size="xs" onClick={() => setEditing(JSON.stringify(conflict.local ?? conflict.remote, null, 2))}>
              Edit…
            </Button>
          </Group>
        )}
      </Group>
      {!open && (
        <Alert color="green" variant="light" mb="xs">
          Resolved by {conflict.resolvedBy}: {conflict.resolution === 'local' ? 'the local version was kept' : conflict.resolution === 'remote' ? 'the upstream version was kept' : 'an edited version was saved'}.
        </Alert>
      )}
      {editing !== null ? (
        <>
          <Textarea label={`Edited ${conflict.resourceType} (saved here and upstream)`} autosize minRows={10} maxRows={30} ff="monospace" value={editing} onChange={(e) => setEditing(e.currentTarget.value)} error={editError} />
          <Group justify="flex-end" mt="xs" gap="xs">
            <Button size="xs" variant="default" onClick={() => (setEditing(null), setEditError(null))}>
              Cancel
            </Button>
            <Button size="xs" loading={resolve.isPending} onClick={saveEdit}>
              Save to both sides
            </Button>
          </Group>
        </>
      ) : (
        <Table withColumnBorders data-testid="conflict-versions" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={160}>Element</Table.Th>
              <Table.Th>Local (version {conflict.localVersion ?? '—'})</Table.Th>
              <Table.Th>Upstream (version {conflict.remoteVersion ?? '—'})</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.field} data-differs={row.differs || undefined} bg={row.differs ? 'var(--mantine-color-yellow-light)' : undefined}>
                <Table.Td>
                  <Text size="sm" fw={row.differs ? 700 : 400}>
                    {row.field}
                    {row.differs && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (differs)
                      </Text>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>{row.local === null ? <Text size="sm" c="dimmed">absent</Text> : <Code block>{row.local}</Code>}</Table.Td>
                <Table.Td>{row.remote === null ? <Text size="sm" c="dimmed">absent</Text> : <Code block>{row.remote}</Code>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
