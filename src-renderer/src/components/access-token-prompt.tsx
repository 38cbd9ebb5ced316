import { Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { AccessTokenStore } from '../api/access-token';

/** Asks for a bearer token whenever the engine answers 401, then refetches everything with it. */
export function AccessTokenPrompt({ tokens }: { tokens: AccessTokenStore }) {
  const { token, required } = useSyncExternalStore(tokens.subscribe, tokens.getState);
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') return;
    tokens.setToken(value.trim());
    setValue('');
    void queryClient.invalidateQueries();
  };

  // Nothing works without a token, so the prompt cannot be dismissed.
  return (
    <Modal opened={required} onClose={() => undefined} title="Access token" withCloseButton={false} closeOnClickOutside={false} closeOnEscape={false} centered>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">This engine only answers consoles that present an access token. Enter one issued by its administrator.</Text>
          <PasswordInput
            label="Access token"
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={token ? 'The engine did not accept the saved token.' : undefined}
            autoComplete="off"
            data-autofocus
          />
          <Button type="submit" disabled={value.trim() === ''}>
            Connect
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
