import { ErrorCode } from '@contract/index';
import { Anchor, Button, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { offersSignIn, type BrowserSession } from '../api/browser-session';

type Way = 'sign-in' | 'token';

/**
 * Whenever the engine answers 401, asks the person at the browser to sign in (operator accounts) or for
 * an access token, whichever the engine offers first; then refetches everything. The page stays where it
 * was underneath, so signing in returns there.
 */
export function SignInPrompt({ session }: { session: BrowserSession }) {
  const { tokens } = session;
  const { required } = useSyncExternalStore(tokens.subscribe, tokens.getState);
  // Which way in the engine offers; asked each time a prompt is needed.
  const offered = useQuery({
    queryKey: ['session', 'way-in'],
    queryFn: async (): Promise<Way | null> => {
      const result = await session.whoAmI();
      // Already signed in after all (another tab did it): nothing to ask.
      if (result.ok) tokens.signedIn();
      return result.ok ? null : offersSignIn(result) ? 'sign-in' : 'token';
    },
    enabled: required,
    staleTime: 0,
  });
  const [chosen, setWay] = useState<Way | null>(null);
  const way = chosen ?? offered.data ?? null;

  return (
    <Modal
      opened={required && way !== null}
      onClose={() => undefined}
      title={way === 'token' ? 'Access token' : 'Sign in'}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
    >
      {way === 'token' ? <TokenForm session={session} onSwitch={() => setWay('sign-in')} /> : <SignInForm session={session} onSwitch={() => setWay('token')} />}
    </Modal>
  );
}

function SignInForm({ session, onSwitch }: { session: BrowserSession; onSwitch: () => void }) {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await session.signIn(username.trim(), password);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.code === ErrorCode.INTEROP_SIGN_IN_FAILED ? 'The username or password is not right.' : result.error.message);
      return;
    }
    setPassword('');
    setError(null);
    session.tokens.signedIn();
    void queryClient.invalidateQueries();
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="sm">
        <Text size="sm">Sign in with the operator account an administrator of this engine gave you.</Text>
        <TextInput label="Username" value={username} onChange={(event) => setUsername(event.currentTarget.value)} autoComplete="username" required data-autofocus />
        <PasswordInput label="Password" value={password} onChange={(event) => setPassword(event.currentTarget.value)} autoComplete="current-password" required />
        {error && (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        )}
        <Button type="submit" loading={busy} disabled={username.trim() === '' || password === ''}>
          Sign in
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onSwitch}>
          Use an access token instead
        </Anchor>
      </Stack>
    </form>
  );
}

function TokenForm({ session, onSwitch }: { session: BrowserSession; onSwitch: () => void }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') return;
    session.tokens.setToken(value.trim());
    setValue('');
    void queryClient.invalidateQueries();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Text size="sm">This engine only answers consoles that present an access token. Enter one issued by its administrator.</Text>
        <PasswordInput
          label="Access token"
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          error={session.tokens.token ? 'The engine did not accept the saved token.' : undefined}
          autoComplete="off"
          data-autofocus
        />
        <Button type="submit" disabled={value.trim() === ''}>
          Connect
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onSwitch}>
          Sign in with an operator account instead
        </Anchor>
      </Stack>
    </form>
  );
}
