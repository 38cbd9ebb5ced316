import type { OperationName } from '@contract/index';
import type { ReactNode } from 'react';
import type { ApiInput } from '../api/client';
import { useApiMutation } from '../api/query-hooks';
import { ConfirmModal } from './confirm-modal';
import { notifyError, notifySuccess } from './notify';

/** The delete operations that take a bare `{ id }`. */
type DeleteOperation = { [N in OperationName]: N extends `${string}.delete` ? ({ id: string } extends ApiInput<N> ? N : never) : never }[OperationName];

interface DeleteConfirmationProps<N extends DeleteOperation> {
  operation: N;
  id: string;
  /** The thing's name, shown and in the notice. */
  name: string;
  /** What kind of thing: the modal's title says "Delete <what>". */
  what: string;
  /** What deleting it does, after "Delete <name>?". */
  children: ReactNode;
  onClose: () => void;
}

/** Asks before deleting one thing by id, then says whether it worked; closes either way. */
export function DeleteConfirmation<N extends DeleteOperation>({ operation, id, name, what, children, onClose }: DeleteConfirmationProps<N>) {
  const remove = useApiMutation(operation);
  const confirm = () =>
    remove.mutate({ id } as ApiInput<N>, {
      onSuccess: () => notifySuccess(`Deleted ${name}`),
      onError: (error) => notifyError(`Could not delete ${name}`, error.message),
      onSettled: onClose,
    });
  return (
    <ConfirmModal title={`Delete ${what}`} confirmLabel="Delete" busy={remove.isPending} onConfirm={confirm} onClose={onClose}>
      Delete <b>{name}</b>? {children}
    </ConfirmModal>
  );
}
