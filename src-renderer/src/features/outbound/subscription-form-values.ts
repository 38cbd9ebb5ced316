import type { EventSubscription, EventType } from '@contract/event-subscriptions';
import type { ApiInput, FieldErrors } from '../../api/client';

export interface SubscriptionFormValues {
  name: string;
  eventTypes: EventType[];
  url: string;
  /** Write-only: blank on edit keeps the stored secret. */
  secret: string;
  connectorId: string | null;
  messageType: string;
}

export function subscriptionValuesOf(subscription: EventSubscription | null): SubscriptionFormValues {
  return {
    name: subscription?.name ?? '',
    eventTypes: subscription?.eventTypes ?? [],
    url: subscription?.url ?? '',
    secret: '',
    connectorId: subscription?.filters.connectorId ?? null,
    messageType: subscription?.filters.messageType ?? '',
  };
}

const filtersOf = (values: SubscriptionFormValues) => ({ connectorId: values.connectorId, messageType: values.messageType.trim() === '' ? null : values.messageType.trim() });

export const toCreateSubscription = (values: SubscriptionFormValues): ApiInput<'eventSubscriptions.create'> => ({
  name: values.name.trim(),
  eventTypes: values.eventTypes,
  url: values.url.trim(),
  secret: values.secret,
  filters: filtersOf(values),
});

/** The secret is sent only when typed: the stored one is never shown, so blank means keep it. */
export const toUpdateSubscription = (values: SubscriptionFormValues, stored: EventSubscription): ApiInput<'eventSubscriptions.update'> => ({
  id: stored.id,
  version: stored.version,
  name: values.name.trim(),
  eventTypes: values.eventTypes,
  url: values.url.trim(),
  ...(values.secret !== '' && { secret: values.secret }),
  filters: filtersOf(values),
});

const formFields: Record<string, keyof SubscriptionFormValues> = {
  name: 'name',
  eventTypes: 'eventTypes',
  url: 'url',
  secret: 'secret',
  'filters.connectorId': 'connectorId',
  'filters.messageType': 'messageType',
};

/** The engine's 422 field messages on the inputs they name (`eventTypes.1` → Event types); the rest for an alert. */
export function placeSubscriptionErrors(fields: FieldErrors): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [path, messages] of Object.entries(fields)) {
    const field = formFields[path] ?? formFields[path.split('.')[0] ?? ''];
    if (field) errors[field] = [errors[field], ...messages].filter(Boolean).join('; ');
    else unplaced.push(...messages.map((message) => `${path}: ${message}`));
  }
  return { errors, unplaced };
}
