import type { OutboundItem } from '@contract/outbound';
import { Button, Group } from '@mantine/core';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { itemActionAllowed, type ItemAction } from './outbound-format';

const actionUi: Record<ItemAction, { label: string; done: string; color: string }> = {
  retryNow: { label: 'Retry now', done: 'is due now', color: 'blue' },
  skip: { label: 'Skip', done: 'was skipped', color: 'gray' },
  requeue: { label: 'Requeue', done: 'is queued again', color: 'indigo' },
};

/** Retry now / Skip / Requeue, each enabled only where the item's status allows it; the engine's message on refusal. */
export function ItemActions({ item }: { item: OutboundItem }) {
  const mutations: Record<ItemAction, ReturnType<typeof useApiMutation<`outboundItems.${ItemAction}`>>> = {
    retryNow: useApiMutation('outboundItems.retryNow'),
    skip: useApiMutation('outboundItems.skip'),
    requeue: useApiMutation('outboundItems.requeue'),
  };
  const busy = Object.values(mutations).some((m) => m.isPending);
  const run = (action: ItemAction) =>
    mutations[action].mutate(
      { id: item.id },
      {
        onSuccess: () => notifySuccess(`Item ${item.seq} ${actionUi[action].done}`),
        onError: (error) => notifyError(`Could not ${actionUi[action].label.toLowerCase()} item ${item.seq}`, error.message),
      },
    );
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {(Object.keys(actionUi) as ItemAction[]).map((action) => (
        <Button
          key={action}
          size="compact-xs"
          variant="light"
          color={actionUi[action].color}
          disabled={!itemActionAllowed(item.status, action) || (busy && !mutations[action].isPending)}
          loading={mutations[action].isPending}
          onClick={() => run(action)}
          aria-label={`${actionUi[action].label} item ${item.seq}`}
        >
          {actionUi[action].label}
        </Button>
      ))}
    </Group>
  );
}
