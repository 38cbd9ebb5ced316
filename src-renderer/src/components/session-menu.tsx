import { Button, Menu, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { PASSWORD_MIN_LENGTH } from '@contract/operators';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useBrowserSession, type BrowserSession } from '../api/browser-session';
import { useApiMutation } from '../api/query-hooks';
import { notifySuccess } from './notify';

/** The header's "who am I": the signed-in operator's name with Change password and Sign out; nothing over IPC or with an access token. */
export function SessionMenu() {
  const session = useBrowserSession();
  const who = useQuery({ queryKey: ['session'], queryFn: async () => (session ? await session.whoAmI() : null), enabled: session !== null });
  const [changing, setChanging] = useState(false);
  const operator = who.data?.ok ? who.data.value.operator : null;
  if (!session || !operator) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="subtle" size="compact-sm" aria-label={`Signed in as ${operator.displayName}`} data-testid="session-menu">
            {operator.displayName}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            {operator.username} · {operator.role}
          </Menu.Label>
          <Menu.Item onClick={() => setChanging(true)}>Change password</Menu.Item>
          <Menu.Item onClick={() => void session.signOut()}>Sign out</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={changing} onClose={() => setChanging(false)} title="Change password" centered>
        <ChangePasswordForm session={session} onDone={() => setChanging(false)} />
      </Modal>
    </>
  );
}

function ChangePasswordForm({ session, onDone }: { session: BrowserSession; onDone: () => void }) {
  const change = useApiMutation('operators.changeOwnPassword');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const fields = change.error?.fieldErrors ?? {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          onDone();
          notifySuccess('Password changed. Sign in with the new one.');
          // Changing it ended every session of this operator, this one too.
          session.tokens.markRequired();
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <PasswordInput label="Current password" value={currentPassword} onChange={(event) => setCurrent(event.currentTarget.value)} autoComplete="current-password" error={fields.currentPassword?.join(' ')} required data-autofocus />
        <PasswordInput
          label="New password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters, not your username. A few unrelated words make a strong one.`}
          value={newPassword}
          onChange={(event) => setNew(event.currentTarget.value)}
          autoComplete="new-password"
          error={fields.newPassword?.join(' ')}
          required
        />
        {change.error && !fields.currentPassword && !fields.newPassword && (
          <Text size="sm" c="red.8" role="alert">
            {change.error.message}
          </Text>
        )}
        <Button type="submit" loading={change.isPending}>
          Change password
        </Button>
      </Stack>
    </form>
  );
}
