import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useApiQuery } from '../../api/query-hooks';
import type { ConnectorFormValues } from './connector-form-values';

/** Which mapping profile converts each message type on this connector; types not listed use the default profiles. */
export function MappingProfilesFields({ form }: { form: Pick<UseFormReturnType<ConnectorFormValues>, 'values' | 'errors' | 'getInputProps' | 'insertListItem' | 'removeListItem'> }) {
  const profiles = useApiQuery('hl7MappingProfiles.list', { pageSize: 500, status: 'active' });
  const options = (profiles.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (v${p.version})` }));
  const error = form.errors.mappingProfiles;
  return (
    <Stack gap={6} data-testid="mapping-profiles-fields">
      <Text size="sm" fw={500}>
        Mapping profiles
      </Text>
      <Text size="xs" c="dimmed">
        The HL7 v2 → FHIR profile for a message type; types not listed here use the default profile.
      </Text>
      {form.values.mappingProfiles.map((row, index) => (
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="mapping-assignment">
          <TextInput aria-label={`Message type ${index + 1}`} placeholder="ORU^R01" ff="monospace" w={140} {...form.getInputProps(`mappingProfiles.${index}.messageType`)} />
          <Select
            aria-label={`Mapping profile ${index + 1}`}
            placeholder={profiles.isError ? 'Could not load profiles' : 'Pick a profile'}
            data={row.profileId && !options.some((o) => o.value === row.profileId) ? [...options, { value: row.profileId, label: row.profileId }] : options}
            searchable
            style={{ flex: 1 }}
            {...form.getInputProps(`mappingProfiles.${index}.profileId`)}
          />
          <ActionIcon variant="subtle" color="gray" mt={4} onClick={() => form.removeListItem('mappingProfiles', index)} aria-label={`Remove mapping profile ${index + 1}`}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {typeof error === 'string' && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="light" onClick={() => form.insertListItem('mappingProfiles', { messageType: '', profileId: null })}>
          Assign a profile
        </Button>
      </Group>
    </Stack>
  );
}
