import { Button, Group, Modal, Text } from '@mantine/core';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import type { ProfileDirection } from './profile-direction';

/** Retiring keeps every version; connectors assigned to the profile (v2 → FHIR) or conversions of its resource type (FHIR → v2) fall back to the default. */
export function RetireConfirmation({ direction, profile, onClose }: { direction: ProfileDirection; profile: { id: string; name: string }; onClose: () => void }) {
  const retire = useApiMutation(`${direction}.retire`);
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
        Retire {profile.name}? {direction === 'hl7MappingProfiles' ? 'Processing stops using it: connectors assigned to it use the default profile for the message type.' : 'Conversions stop using it: they use the default profile for the resource type.'} Its versions are kept.
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
