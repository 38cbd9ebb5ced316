import { OperatorRole, PASSWORD_MIN_LENGTH, type Operator } from '@contract/operators';
import { Button, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';

const PASSWORD_RULE = `At least ${PASSWORD_MIN_LENGTH} characters and not the username: length is what makes a password hard to guess. Give it to the person by a channel other than this screen.`;
const roleOptions = OperatorRole.options.map((role) => ({ value: role, label: { admin: 'Admin — everything, incl. operators', operator: 'Operator — day-to-day actions', viewer: 'Viewer — read only' }[role] }));

/** The failure not tied to a field (a taken username, the last admin), if any. */
function formError(error: ApiError | null): string | undefined {
  if (!error) return undefined;
  return Object.keys(error.fieldErrors).length === 0 ? error.message : undefined;
}

export function NewOperatorForm({ onDone }: { onDone: () => void }) {
  const create = useApiMutation('operators.create');
  const [values, setValues] = useState({ username: '', displayName: '', role: 'viewer' as OperatorRole, password: '' });
  const fields = create.error?.fieldErrors ?? {};
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(values, {
      onSuccess: (operator) => {
        notifySuccess(`${operator.username} can now sign in`);
        onDone();
      },
    });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Username" value={values.username} onChange={(event) => set('username')(event.currentTarget.value)} error={fields.username?.join(' ')} autoComplete="off" required data-autofocus />
        <TextInput label="Name" value={values.displayName} onChange={(event) => set('displayName')(event.currentTarget.value)} error={fields.displayName?.join(' ')} required />
        <Select label="Role" data={roleOptions} value={values.role} allowDeselect={false} onChange={(role) => role && set('role')(role)} />
        <PasswordInput label="Password" description={PASSWORD_RULE} value={values.password} onChange={(event) => set('password')(event.currentTarget.value)} error={fields.password?.join(' ')} autoComplete="new-password" required />
        <FormError message={formError(create.error)} />
        <Button type="submit" loading={create.isPending}>
          Create operator
        </Button>
      </Stack>
    </form>
  );
}

export function ResetPasswordForm({ operator, onDone }: { operator: Operator; onDone: () => void }) {
  const reset = useApiMutation('operators.resetPassword');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate(
      { id: operator.id, password },
      {
        onSuccess: () => {
          notifySuccess(`${operator.username}'s password is reset; they were signed out`);
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Text size="sm">{operator.displayName} is signed out everywhere and signs in with the new password.</Text>
        <PasswordInput label="New password" description={PASSWORD_RULE} value={password} onChange={(event) => setPassword(event.currentTarget.value)} error={reset.error?.fieldErrors.password?.join(' ')} autoComplete="new-password" required data-autofocus />
        <FormError message={formError(reset.error)} />
        <Button type="submit" loading={reset.isPending}>
          Reset password
        </Button>
      </Stack>
    </form>
  );
}

function FormError({ message }: { message: string | undefined }) {
  return message ? (
    <Text size="sm" c="red.8" role="alert">
      {message}
    </Text>
  ) : null;
}
