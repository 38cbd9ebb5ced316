import type { ApiClient, ApiClientSecret } from '@contract/api-clients';
import { Checkbox, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation } from '../../api/query-hooks';
import { FormFooter } from '../../components/form-footer';
import { MONOSPACE_INPUT } from '../../components/monospace-input';
import { notifySuccess } from '../../components/notify';
import { clientValuesOf, fhirScopesProblem, interopScopeMeanings, placeClientErrors, scopesOf, toCreateClient, toUpdateClient, type ApiClientFormValues } from './api-client-form-values';

interface ApiClientFormProps {
  /** null: a new client. */
  client: ApiClient | null;
  /** The new client's one answer with its secret, handed up to be shown once. */
  onCreated: (created: ApiClientSecret) => void;
  onClose: () => void;
}

/** Creates an API client (its secret goes to `onCreated`, never kept here) or edits one's name, scopes and rate limit. */
export function ApiClientForm({ client, onCreated, onClose }: ApiClientFormProps) {
  const create = useApiMutation('apiClients.create', { forgetResult: true });
  const update = useApiMutation('apiClients.update');
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const form = useForm<ApiClientFormValues>({
    initialValues: clientValuesOf(client),
    validateInputOnBlur: ['fhirScopes', 'tenantId'],
    validate: {
      name: (v) => (v.trim() === '' ? 'Name is required' : null),
      interopScopes: (_v, values) => (scopesOf(values).length === 0 ? 'Choose at least one scope' : null),
      fhirScopes: (v) => fhirScopesProblem(v),
      tenantId: (v) => (client !== null || v.trim() === '' || /^TEN_[A-Z0-9_]{1,64}$/.test(v.trim()) ? null : 'A tenant id, such as TEN_NORTH'),
      expiresAt: (v) => (client !== null || v === '' || Date.parse(v) > Date.now() ? null : 'Choose a time in the future'),
    },
  });

  const showApiError = (error: ApiError) => {
    const placed = placeClientErrors(error.fieldErrors);
    form.setErrors(placed.errors);
    setUnplaced(Object.keys(placed.errors).length > 0 ? placed.unplaced : [error.message]);
  };
  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    if (client) {
      update.mutate(toUpdateClient(values, client), {
        onSuccess: (saved) => {
          notifySuccess(`Saved ${saved.name}`);
          onClose();
        },
        onError: showApiError,
      });
    } else {
      create.mutate(toCreateClient(values), { onSuccess: onCreated, onError: showApiError });
    }
  });

  return (
    <Modal opened onClose={onClose} title={client ? `Edit API client · ${client.name}` : 'New API client'} size="lg" closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate data-testid="api-client-form">
        <Stack gap="sm">
          <TextInput label="Name" withAsterisk data-autofocus description="Who or what uses it, e.g. Billing sync" {...form.getInputProps('name')} />
          <Checkbox.Group label="Engine scopes" description="What the client may do with /api/v1" {...form.getInputProps('interopScopes')}>
            <Stack gap={6} mt={6}>
              {interopScopeMeanings.map(({ scope, meaning }) => (
                <Checkbox key={scope} value={scope} label={<Text size="sm" ff="monospace" span>{scope}</Text>} description={meaning} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Textarea
            label="FHIR scopes (SMART)"
            description="One per line or separated by spaces: system/Patient.read, user/*.rs, patient/Observation.cruds"
            autosize
            minRows={2}
            maxRows={6}
            styles={MONOSPACE_INPUT}
            {...form.getInputProps('fhirScopes')}
          />
          <SimpleGrid cols={3} spacing="sm">
            <TextInput label="Tenant" placeholder="TEN_…" description={client ? 'Fixed once created' : 'Blank: any tenant, named per request'} disabled={client !== null} {...form.getInputProps('tenantId')} />
            <TextInput type="datetime-local" label="Expires" description={client ? 'Fixed once created' : 'Blank: never'} disabled={client !== null} {...form.getInputProps('expiresAt')} />
            <NumberInput label="Rate limit per minute" description="Blank: the engine's default" min={1} max={100_000} allowDecimal={false} {...form.getInputProps('rateLimitPerMinute')} />
          </SimpleGrid>
          <FormFooter unplaced={unplaced} errorTestId="api-client-form-error" saving={create.isPending || update.isPending} onCancel={onClose} saveLabel={client ? 'Save' : 'Create client'} />
        </Stack>
      </form>
    </Modal>
  );
}
