import { Alert, Button, Group, Text, type MantineSize } from '@mantine/core';

interface FormFooterProps {
  /** The engine's messages no field of the form could show. */
  unplaced: readonly string[];
  /** The alert's title and test id. */
  notSavedTitle?: string;
  errorTestId: string;
  saving: boolean;
  onCancel: () => void;
  saveLabel?: string;
  size?: MantineSize;
}

/** The end of an edit form: what the engine refused that no field shows, then Cancel and Save. */
export function FormFooter({ unplaced, notSavedTitle = 'Not saved', errorTestId, saving, onCancel, saveLabel = 'Save', size }: FormFooterProps) {
  return (
    <>
      {unplaced.length > 0 && (
        <Alert color="red" variant="light" title={notSavedTitle} data-testid={errorTestId}>
          {unplaced.map((line) => (
            <Text size="sm" key={line}>
              {line}
            </Text>
          ))}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" size={size} onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size={size} loading={saving}>
          {saveLabel}
        </Button>
      </Group>
    </>
  );
}
