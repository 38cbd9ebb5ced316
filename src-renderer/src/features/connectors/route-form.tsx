import { OutboundConditionOp, type OutboundPayloadSpec, type OutboundRoute } from '@contract/outbound';
import { Paper, Select, SimpleGrid, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { payloadKindsFor, placeRouteErrors, routeValuesOf, toCreateRoute, toUpdateRoute, type RouteFormValues } from './route-form-values';
import { FormFooter } from '../../components/form-footer';

const payloadLabels: Record<OutboundPayloadSpec['kind'], string> = {
  raw: 'HL7 as received',
  'hl7-profile': 'HL7 from a FHIR → HL7 profile',
  'fhir-bundle': 'FHIR transaction Bundle',
};
const opLabels: Record<RouteFormValues['conditionOp'], string> = { equals: 'equals', notEquals: 'does not equal', exists: 'has a value', matches: 'matches (regex)' };
const opOptions = OutboundConditionOp.options.map((value) => ({ value, label: opLabels[value] }));
const laneOptions = [
  { value: 'destination', label: 'One lane for the destination (strict order)' },
  { value: 'patient', label: 'A lane per patient (PID-3)' },
];

/**
 * Adds (`route` null) or edits a route of `sourceConnectorId`, inline under the connector's form (a form of
 * its own beside it: HTML forms cannot nest); calls `onDone` once saved.
 */
export function RouteForm({ sourceConnectorId, route, onDone }: { sourceConnectorId: string; route: OutboundRoute | null; onDone: () => void }) {
  const create = useApiMutation('outboundRoutes.create');
  const update = useApiMutation('outboundRoutes.update');
  const destinations = useApiQuery('connectors.list', { direction: 'outbound', pageSize: 500 });
  const profiles = useApiQuery('fhirMappingProfiles.list', { status: 'active', pageSize: 500 });
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const form = useForm<RouteFormValues>({
    initialValues: routeValuesOf(route),
    validate: {
      name: (v) => (v.trim() === '' ? 'Name is required' : null),
      destinationConnectorId: (v) => (v ? null : 'Choose a destination'),
      profileId: (v, values) => (values.payloadKind === 'hl7-profile' && !v ? 'Choose a FHIR → HL7 profile' : null),
    },
  });
  const destinationList = destinations.data?.data ?? [];
  const protocol = destinationList.find((c) => c.id === form.values.destinationConnectorId)?.protocol;
  const payloadOptions = payloadKindsFor(protocol).map((value) => ({ value, label: payloadLabels[value] }));
  const prefix = route ? `Route ${route.name}` : 'New route';

  const showApiError = (error: ApiError, values: RouteFormValues) => {
    const placed = placeRouteErrors(error.fieldErrors, values);
    form.setErrors(placed.errors);
    setUnplaced(Object.keys(placed.errors).length > 0 ? placed.unplaced : [error.message]);
  };
  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    const callbacks = {
      onSuccess: (saved: OutboundRoute) => {
        notifySuccess(`${route ? 'Saved' : 'Added'} route ${saved.name}`);
        onDone();
      },
      onError: (error: ApiError) => showApiError(error, values),
    };
    if (route) update.mutate(toUpdateRoute(values, route), callbacks);
    else create.mutate(toCreateRoute(values, sourceConnectorId), callbacks);
  });

  return (
    <Paper withBorder p="sm" bg="gray.0">
      <form onSubmit={submit} noValidate data-testid="route-form" aria-label={prefix}>
        <Stack gap="xs">
          <SimpleGrid cols={2} spacing="sm">
            {/* The button that opened the form is gone (Add route, or the row's Edit): focus moves here, not to the page. */}
            <TextInput label="Route name" withAsterisk placeholder="Results to EHR" autoFocus {...form.getInputProps('name')} />
            <Select
              label="Destination"
              withAsterisk
              placeholder={destinationList.length === 0 && destinations.isSuccess ? 'No outbound connectors yet' : 'Choose an outbound connector'}
              data={destinationList.map((c) => ({ value: c.id, label: c.name }))}
              searchable
              {...form.getInputProps('destinationConnectorId')}
              onChange={(value) => {
                form.setFieldValue('destinationConnectorId', value);
                const next = destinationList.find((c) => c.id === value)?.protocol;
                if (!payloadKindsFor(next).includes(form.values.payloadKind)) form.setFieldValue('payloadKind', payloadKindsFor(next)[0] ?? 'raw');
              }}
            />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <TagsInput label="Message types" description="Empty: every type. ADT^* takes every ADT trigger." placeholder="ORU^R01" splitChars={[',', ' ']} {...form.getInputProps('messageTypes')} />
            <TextInput label="Sending facility" description="MSH-4; empty: any" placeholder="LAB" {...form.getInputProps('sendingFacility')} />
          </SimpleGrid>
          <SimpleGrid cols={3} spacing="sm">
            <TextInput label="Condition field" placeholder="PID-3.1 (empty: none)" {...form.getInputProps('conditionPath')} />
            <Select label="Condition test" data={opOptions} allowDeselect={false} {...form.getInputProps('conditionOp')} />
            <TextInput label="Condition value" disabled={form.values.conditionOp === 'exists'} {...form.getInputProps('conditionValue')} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <Select label="Send" data={payloadOptions} allowDeselect={false} {...form.getInputProps('payloadKind')} />
            {form.values.payloadKind === 'hl7-profile' && (
              <Select
                label="FHIR → HL7 profile"
                withAsterisk
                data={(profiles.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.resourceType})` }))}
                searchable
                {...form.getInputProps('profileId')}
              />
            )}
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <Select label="Order" data={laneOptions} allowDeselect={false} {...form.getInputProps('laneBy')} />
            <Switch label="Enabled" mt={30} {...form.getInputProps('enabled', { type: 'checkbox' })} />
          </SimpleGrid>
          <FormFooter unplaced={unplaced} notSavedTitle="Route not saved" errorTestId="route-form-error" saving={create.isPending || update.isPending} onCancel={onDone} saveLabel="Save route" size="xs" />
        </Stack>
      </form>
    </Paper>
  );
}
