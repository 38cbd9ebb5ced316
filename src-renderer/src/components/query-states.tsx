import { Alert, Button, Center, Loader, Text } from '@mantine/core';

/** A list's first load. */
export function LoadingState({ label }: { label: string }) {
  return (
    <Center p="xl">
      <Loader size="sm" aria-label={label} />
    </Center>
  );
}

/** A list that could not be loaded, with what went wrong and a way to try again. */
export function LoadFailed({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  return (
    <Alert color="red" variant="light" title={title} m="md">
      <Text size="sm" mb="xs">
        {message}
      </Text>
      <Button size="xs" variant="default" onClick={onRetry}>
        Try again
      </Button>
    </Alert>
  );
}
