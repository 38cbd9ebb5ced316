import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

/** A secret the engine answered once (creation or rotation): held by the page only while this is open. */
export interface RevealedSecret {
  clientName: string;
  clientId: string;
  clientSecret: string;
  /** How it came about, for the title. */
  reason: 'created' | 'rotated';
}

/** Shows a client's secret the one time the engine answers it; closing it forgets it. */
export function ClientSecretModal({ secret, onClose }: { secret: RevealedSecret; onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title={secret.reason === 'created' ? `Client created · ${secret.clientName}` : `New secret · ${secret.clientName}`} size="lg" closeOnClickOutside={false} data-testid="client-secret-modal">
      <Stack gap="sm">
        <Alert color="yellow" variant="light" title="Copy it now: it is not stored and will not be shown again">
          <Text size="sm">The engine keeps only a hash of this secret. If it is lost, rotate the client to get a new one.</Text>
        </Alert>
        <Field label="Client id" value={secret.clientId} testId="revealed-client-id" />
        <Field label="Client secret" value={secret.clientSecret} testId="revealed-client-secret" />
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" color={copied ? 'green' : undefined} onClick={copy} aria-label={`Copy the ${label.toLowerCase()}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
