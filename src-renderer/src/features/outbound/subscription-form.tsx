import { EventType, type EventSubscription } from '@contract/event-subscriptions';
import { Modal, MultiSelect, PasswordInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { placeSubscriptionErrors, subscriptionValuesOf, toCreateSubscription, toUpdateSubscription, type SubscriptionFormValues } from './subscription-form-values';
import { FormFooter } from '../../components/form-footer';

const eventTypeOptions = EventType.options.map((value) => ({ value, label: value }));

/** Creates a subscription (`subscription` null) or edits one; closes itself on success. */
export function SubscriptionForm({ subscription, onClose }: { subscription: EventSubscription | null; onClose: () => void }) {
  const create = useApiMutation('eventSubscriptions.create');
  const update = useApiMutation('eventSubscriptions.update');
  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const form = useForm<SubscriptionFormValues>({
    initialValues: subscriptionValuesOf(subscription),
    validate: {
      name: (v) => (v.trim() === '' ? 'Name is required' : null),
      eventTypes: (v) => (v.length === 0 ? 'Choose at least one event type' : null),
      url: (v) => (v.trim() === '' ? 'URL is required' : null),
      secret: (v) => (subscription === null && v === '' ? 'Secret is required' : null),
    },
  });
  const connectorOptions = (connectors.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }));

  const showApiError = (error: ApiError) => {
    const placed = placeSubscriptionErrors(error.fieldErrors);
    form.setErrors(placed.errors);
    setUnplaced(Object.keys(placed.errors).length > 0 ? placed.unplaced : [error.message]);
  };
  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    const callbacks = {
      onSuccess: (saved: EventSubscription) => {
        notifySuccess(`${subscription ? 'Saved' : 'Created'} ${saved.name}`);
        onClose();
      },
      onError: showApiError,
    };
    if (subscription) update.mutate(toUpdateSubscription(values, subscription), callbacks);
    else create.mutate(toCreateSubscription(values), callbacks);
  });

  return (
    <Modal opened onClose={onClose} title={subscription ? `Edit subscription · ${subscription.name}` : 'New subscription'} size="lg" closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate data-testid="subscription-form">
        <Stack gap="sm">
          <TextInput label="Name" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <MultiSelect label="Event types" withAsterisk data={eventTypeOptions} searchable placeholder="Hl7MessageProcessed…" {...form.getInputProps('eventTypes')} />
          <TextInput label="URL" withAsterisk placeholder="https://partner.example.org/hooks/interop" {...form.getInputProps('url')} />
          <PasswordInput
            label="Secret"
            withAsterisk={subscription === null}
            autoComplete="off"
            description={subscription ? 'Stored and never shown; leave blank to keep it' : 'Signs every POST (X-Interop-Signature); at least 16 characters, never shown again'}
            {...form.getInputProps('secret')}
          />
          <SimpleGrid cols={2} spacing="sm">
            <Select label="Only for connector" placeholder="Any connector" data={connectorOptions} clearable searchable {...form.getInputProps('connectorId')} />
            <TextInput label="Only for message type" placeholder="ORU^R01" {...form.getInputProps('messageType')} />
          </SimpleGrid>
          <FormFooter unplaced={unplaced} errorTestId="subscription-form-error" saving={create.isPending || update.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
