import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { Button, Group, Modal, Text } from '@mantine/core';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';

/** Retiring keeps every version; connectors assigned to the profile fall back to the default for the type. */
export function RetireConfirmation({ profile, onClose }: { profile: Hl7MappingProfile; onClose: () => void }) {
  const retire = useApiMutation('hl7MappingProfiles.retire');
  const confirm = () =>
    retire.mutate(
      { id: profile.id },
      {
        onSuccess: () => notifySuccess(`Retired ${profile.name}`),
        onError: (error) => notifyError('Not retired', error.message),
        onSettled: onClose,
      },
    );
  return (
    <Modal opened onClose={onClose} title="Retire mapping profile" size="sm" centered>
      <Text size="sm" mb="md">
        Retire {profile.name}? Processing stops using it: connectors assigned to it use the default profile for the message type. Its versions are kept.
      </Text>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" loading={retire.isPending} onClick={confirm}>
          Retire
        </Button>
      </Group>
    </Modal>
  );
}
