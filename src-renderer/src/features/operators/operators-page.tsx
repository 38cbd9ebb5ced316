import { OperatorRole, type Operator } from '@contract/operators';
import { Badge, Button, Center, Group, Modal, Paper, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatTimestamp } from '../../components/time-format';
import { NewOperatorForm, ResetPasswordForm } from './operator-forms';

const roleLabels: Record<OperatorRole, string> = { admin: 'Admin', operator: 'Operator', viewer: 'Viewer' };
const roleOptions = OperatorRole.options.map((role) => ({ value: role, label: roleLabels[role] }));

/** `/operators` (admins): the people who sign in to this console in a browser, their roles, and who may no longer. */
export function OperatorsPage() {
  const operators = useApiQuery('operators.list', {});
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Operators"
        description="People who sign in to this console in a browser. Admins manage everything, operators run the day-to-day actions, viewers read. Disabling someone or resetting their password signs them out at once."
        actions={<Button onClick={() => setCreating(true)}>New operator</Button>}
      />
      <Paper withBorder>
        {operators.isPending ? (
          <LoadingState label="Loading operators" />
        ) : operators.isError ? (
          <LoadFailed title="Could not load the operators" message={operators.error.message} onRetry={() => void operators.refetch()} />
        ) : operators.data.length === 0 ? (
          <Center p="xl" data-testid="operators-empty">
            <Text size="sm" c="dimmed">
              No operator accounts yet. Once the first exists, a browser must sign in (or present the access token) to use this engine.
            </Text>
          </Center>
        ) : (
          <OperatorsTable operators={operators.data} />
        )}
      </Paper>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New operator" centered>
        <NewOperatorForm onDone={() => setCreating(false)} />
      </Modal>
    </>
  );
}

function OperatorsTable({ operators }: { operators: readonly Operator[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table data-testid="operators-table" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Username</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {operators.map((operator) => (
            <OperatorRow key={operator.id} operator={operator} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OperatorRow({ operator }: { operator: Operator }) {
  const update = useApiMutation('operators.update');
  const [resetting, setResetting] = useState(false);
  const failed = (error: ApiError) => notifyError(`Could not change ${operator.username}`, error.message);
  return (
    <Table.Tr data-testid={`operator-${operator.username}`}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {operator.username}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{operator.displayName}</Text>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of ${operator.username}`}
          size="xs"
          w={130}
          data={roleOptions}
          value={operator.role}
          allowDeselect={false}
          disabled={update.isPending}
          onChange={(role) => role && role !== operator.role && update.mutate({ id: operator.id, role: role as OperatorRole }, { onError: failed })}
        />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={operator.disabled ? 'gray' : 'green'}>
          {operator.disabled ? 'disabled' : 'active'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{operator.lastSignInAt ? formatTimestamp(operator.lastSignInAt) : 'never'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            loading={update.isPending}
            onClick={() =>
              update.mutate({ id: operator.id, disabled: !operator.disabled }, { onError: failed, onSuccess: () => notifySuccess(operator.disabled ? `${operator.username} may sign in again` : `${operator.username} is disabled and signed out`) })
            }
          >
            {operator.disabled ? 'Enable' : 'Disable'}
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setResetting(true)}>
            Reset password
          </Button>
        </Group>
        <Modal opened={resetting} onClose={() => setResetting(false)} title={`Reset the password of ${operator.username}`} centered>
          <ResetPasswordForm operator={operator} onDone={() => setResetting(false)} />
        </Modal>
      </Table.Td>
    </Table.Tr>
  );
}
