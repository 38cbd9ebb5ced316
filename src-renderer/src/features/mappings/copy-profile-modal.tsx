import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { Alert, Button, Group, Modal, Stack, TagsInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApiMutation } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { contentOf, copyName } from './profile-content';

/** A new custom profile made from a copy of another (usually a shipped default), then opened in the editor. */
export function CopyProfileModal({ source, takenNames, onClose }: { source: Hl7MappingProfile; takenNames: readonly string[]; onClose: () => void }) {
  const [name, setName] = useState(() => copyName(source.name, takenNames));
  const [messageTypes, setMessageTypes] = useState(source.messageTypes);
  const create = useApiMutation('hl7MappingProfiles.create');
  const navigate = useNavigate();
  const submit = () =>
    create.mutate(
      { ...contentOf(source), name: name.trim(), messageTypes },
      {
        onSuccess: (created) => {
          notifySuccess(`Created ${created.name}`);
          void navigate(`/mappings/${created.id}`);
        },
      },
    );
  return (
    <Modal opened onClose={onClose} title={`Copy ${source.name}`} size="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        data-testid="copy-profile-form"
      >
        <Stack gap="sm">
          <TextInput label="Name" withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TagsInput label="Message types" description="The types this profile converts; assign it to a connector to use it." value={messageTypes} onChange={setMessageTypes} splitChars={[',', ' ']} />
          {create.error && (
            <Alert color="red" variant="light" title="Not created">
              {Object.entries(create.error.fieldErrors)
                .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
                .join(' · ') || create.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create copy
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
