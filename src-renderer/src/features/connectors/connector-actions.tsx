import type { Connector, ConnectorStatus } from '@contract/connectors';
import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { DeleteConfirmation } from '../../components/delete-confirmation';
import { notifyError, notifySuccess } from '../../components/notify';

type Transition = 'activate' | 'pause' | 'deactivate';

const transitionsFrom: Record<ConnectorStatus, readonly Transition[]> = {
  configured: ['activate'],
  active: ['pause', 'deactivate'],
  paused: ['activate', 'deactivate'],
  inactive: ['activate'],
};

const transitionUi: Record<Transition, { label: string; color: string; done: string }> = {
  activate: { label: 'Activate', color: 'green', done: 'is active' },
  pause: { label: 'Pause', color: 'yellow', done: 'is paused' },
  deactivate: { label: 'Deactivate', color: 'gray', done: 'is inactive' },
};

/** The status changes a connector allows right now, plus Edit and Delete. */
export function ConnectorActions({ connector, onEdit }: { connector: Connector; onEdit: (connector: Connector) => void }) {
  const mutations: Record<Transition, ReturnType<typeof useApiMutation<`connectors.${Transition}`>>> = {
    activate: useApiMutation('connectors.activate'),
    pause: useApiMutation('connectors.pause'),
    deactivate: useApiMutation('connectors.deactivate'),
  };
  const busy = Object.values(mutations).some((m) => m.isPending);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // The engine refuses to delete a running connector, so Delete only appears once it is stopped.
  const deletable = connector.status === 'configured' || connector.status === 'inactive';

  const run = (transition: Transition) =>
    mutations[transition].mutate(
      { id: connector.id },
      {
        onSuccess: (saved) => notifySuccess(`${saved.name} ${transitionUi[transition].done}`),
        onError: (error) => notifyError(`Could not ${transitionUi[transition].label.toLowerCase()} ${connector.name}`, error.message),
      },
    );

  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {transitionsFrom[connector.status].map((transition) => (
        <Button
          key={transition}
          size="compact-xs"
          variant="light"
          color={transitionUi[transition].color}
          loading={mutations[transition].isPending}
          disabled={busy && !mutations[transition].isPending}
          onClick={() => run(transition)}
        >
          {transitionUi[transition].label}
        </Button>
      ))}
      <Button size="compact-xs" variant="subtle" onClick={() => onEdit(connector)}>
        Edit
      </Button>
      {deletable && (
        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirmingDelete(true)}>
          Delete
        </Button>
      )}
      {confirmingDelete && (
        <DeleteConfirmation operation="connectors.delete" id={connector.id} name={connector.name} what="connector" onClose={() => setConfirmingDelete(false)}>
          Its configuration is removed; to stop it but keep it, deactivate it instead.
        </DeleteConfirmation>
      )}
    </Group>
  );
}
