import { jwksPath, type Connector } from '@contract/connectors';
import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { newKeyPairInput } from './connector-form-values';

/**
 * A saved SMART Backend Services connector's public key set, to register with the FHIR server's app
 * (copied here or fetched from the engine's JWKS URL), and "Generate key pair" to replace the key.
 * The private key never reaches the console.
 */
export function SmartKeyPanel({ connector, onChanged }: { connector: Connector; onChanged: (fresh: Connector) => void }) {
  const update = useApiMutation('connectors.update');
  const [confirming, setConfirming] = useState(false);
  const jwks = connector.authConfig?.publicJwks;
  const pretty = jwks ? JSON.stringify(JSON.parse(jwks), null, 2) : undefined;
  const generate = () =>
    update.mutate(newKeyPairInput(connector), {
      onSuccess: (fresh) => {
        setConfirming(false);
        notifySuccess(`New key pair for ${fresh.name}: register its JWKS with the server`);
        onChanged(fresh);
      },
      onError: (error: ApiError) => notifyError('Key pair not generated', error.message),
    });
  return (
    <Stack gap={4} data-testid="smart-key-panel">
      <Text size="sm" fw={500}>
        Public key set (JWKS)
      </Text>
      <Text size="xs" c="dimmed">
        Register it with the server&apos;s app: paste it, or give the URL <Code>{jwksPath(connector.id)}</Code> on this engine&apos;s public address (served without sign-in; public keys only).
      </Text>
      {pretty && (
        <Code block data-testid="smart-jwks" style={{ maxHeight: 160, overflow: 'auto' }}>
          {pretty}
        </Code>
      )}
      <Group gap="xs">
        {jwks && (
          <CopyButton value={jwks}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy JWKS'}
              </Button>
            )}
          </CopyButton>
        )}
        {confirming ? (
          <>
            <Text size="xs">The old key stops working until the new JWKS is registered.</Text>
            <Button size="xs" color="red" loading={update.isPending} onClick={generate} data-testid="smart-generate-confirm">
              Replace key
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button size="xs" variant="default" onClick={() => setConfirming(true)} data-testid="smart-generate">
            Generate key pair
          </Button>
        )}
      </Group>
    </Stack>
  );
}
