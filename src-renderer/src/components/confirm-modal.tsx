import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmModalProps {
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
  confirmTestId?: string;
}

/** Asks before something that cannot be undone (delete, retire, cancel), the red button doing it. */
export function ConfirmModal({ title, children, confirmLabel, cancelLabel = 'Cancel', busy, onConfirm, onClose, confirmTestId }: ConfirmModalProps) {
  return (
    <Modal opened onClose={onClose} title={title} size="sm" centered>
      <Text size="sm" mb="md">
        {children}
      </Text>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {cancelLabel}
        </Button>
        <Button color="red" loading={busy} onClick={onConfirm} data-testid={confirmTestId}>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
