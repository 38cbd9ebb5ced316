import { ErrorCode } from '@contract/error-codes';
import type { InterfaceErrorGroup } from '@contract/interface-errors';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation } from '../../api/query-hooks';
import { ConfirmModal } from '../../components/confirm-modal';
import { notifyError, notifySuccess } from '../../components/notify';
import { ACTION_LABELS, type GroupAction, type GroupFilters } from './interface-error-labels';

const numberFormat = new Intl.NumberFormat();
const OPERATIONS = { reprocess: 'interfaceErrors.reprocessMatching', resolve: 'interfaceErrors.resolveMatching', ignore: 'interfaceErrors.ignoreMatching' } as const;

interface GroupActionConfirmationProps {
  group: InterfaceErrorGroup;
  action: GroupAction;
  filters: GroupFilters;
  onClose: () => void;
}

/**
 * Asks before acting on every open error of a group (under the page's connector and source filters), sending the
 * count shown: when more errors of the cause arrived meanwhile the engine refuses, and the operator looks again.
 */
export function GroupActionConfirmation({ group, action, filters, onClose }: GroupActionConfirmationProps) {
  const act = useApiMutation(OPERATIONS[action]);
  const queryClient = useQueryClient();
  const label = ACTION_LABELS[action];
  const errors = `${numberFormat.format(group.count)} ${group.count === 1 ? 'error' : 'errors'}`;
  const confirm = () =>
    act.mutate(
      { causeKey: group.causeKey, connectorId: filters.connectorId, source: filters.source, expectedCount: group.count },
      {
        onSuccess: ({ changed, skipped }) =>
          notifySuccess(`${numberFormat.format(changed)} ${changed === 1 ? 'error' : 'errors'} ${label.done}${skipped > 0 ? `; ${numberFormat.format(skipped)} left open (their message or item is already on its way, or cannot be sent again)` : ''}`),
        onError: (error) => {
          if (error.code !== ErrorCode.INTEROP_INTERFACE_ERRORS_COUNT_CHANGED) return notifyError(`Could not ${label.verb.toLowerCase()} the errors`, error.message);
          notifyError(`Could not ${label.verb.toLowerCase()} the errors`, `${error.message}. The list shows the new count.`);
          void queryClient.invalidateQueries({ queryKey: ['interfaceErrors.groups'] });
        },
        onSettled: onClose,
      },
    );
  return (
    <ConfirmModal title={`${label.verb} ${errors}`} confirmLabel={`${label.verb} ${errors}`} busy={act.isPending} onConfirm={confirm} onClose={onClose} confirmTestId="group-action-confirm">
      {label.verb} the <b>{errors}</b> of <b>{group.cause}</b>? {label.explain}
    </ConfirmModal>
  );
}
