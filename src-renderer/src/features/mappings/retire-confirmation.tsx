import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import type { ProfileDirection } from './profile-direction';
import { ConfirmModal } from '../../components/confirm-modal';

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
    <ConfirmModal title="Retire mapping profile" confirmLabel="Retire" busy={retire.isPending} onConfirm={confirm} onClose={onClose}>
        Retire {profile.name}? {direction === 'hl7MappingProfiles' ? 'Processing stops using it: connectors assigned to it use the default profile for the message type.' : 'Conversions stop using it: they use the default profile for the resource type.'} Its versions are kept.
    </ConfirmModal>
  );
}
