import { ActionIcon, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { formatCondition } from './rule-condition';
import type { EditableRule } from './rule-form-values';

interface RuleRowProps {
  rule: EditableRule;
  index: number;
  last: boolean;
  /** Where the rule writes, as shown: `Patient.name[0].family`, `pid PID-5[*]`. */
  target: string;
  issues: readonly string[];
  errors: readonly string[];
  onEdit: (index: number) => void;
  onMove: (index: number, delta: number) => void;
  onRemove: (index: number) => void;
}

const argsText = (args: EditableRule['args']): string =>
  Object.entries(args ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
const argsFromText = (argsFrom: Record<string, string>): string =>
  Object.entries(argsFrom)
    .map(([k, path]) => `${k} from ${path}`)
    .join(', ');

/** One rule: what it reads and writes, how, when; its problems under it; buttons to edit, move and remove it. */
export function RuleRow({ rule, index, last, target, issues, errors, onEdit, onMove, onRemove }: RuleRowProps) {
  const invalid = issues.length > 0;
  return (
    <Table.Tr data-testid="rule-row" data-rule-id={rule.id} data-invalid={invalid || undefined} bg={invalid ? 'var(--mantine-color-red-light)' : undefined}>
      <Table.Td c="dimmed">{index + 1}</Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {rule.id}
            </Text>
            {rule.required && (
              <Badge size="xs" variant="outline" color="grape">
                required
              </Badge>
            )}
          </Group>
          <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid="rule-paths">
            {rule.source || '—'} → {target}
          </Text>
          {issues.map((issue) => (
            <Text key={issue} size="xs" c="red.9" role="alert" data-testid="rule-issue">
              {issue}
            </Text>
          ))}
          {errors.map((error) => (
            <Text key={error} size="xs" c="orange.9" data-testid="rule-error">
              {error}
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        <Text size="xs" ff="monospace">
          {rule.transform ?? 'copy'}
        </Text>
        {rule.args && (
          <Text size="xs" c="dimmed" ff="monospace">
            {argsText(rule.args)}
          </Text>
        )}
        {rule.argsFrom && (
          <Text size="xs" c="dimmed" ff="monospace">
            {argsFromText(rule.argsFrom)}
          </Text>
        )}
        {rule.absentReason && (
          <Text size="xs" c="dimmed" ff="monospace">
            else absent ({rule.absentReason})
          </Text>
        )}
        {rule.condition && (
          <Text size="xs" ff="monospace" c="teal.9">
            when {formatCondition(rule.condition)}
          </Text>
        )}
        {rule.where && (
          <Text size="xs" ff="monospace" c="teal.9">
            reads only where {formatCondition(rule.where)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <ActionIcon variant="subtle" color="gray" size="sm" disabled={index === 0} onClick={() => onMove(index, -1)} aria-label={`Move ${rule.id} up`}>
            ↑
          </ActionIcon>
          <ActionIcon variant="subtle" color="gray" size="sm" disabled={last} onClick={() => onMove(index, 1)} aria-label={`Move ${rule.id} down`}>
            ↓
          </ActionIcon>
          <Button size="compact-xs" variant="default" onClick={() => onEdit(index)} aria-label={`Edit ${rule.id}`}>
            Edit
          </Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRemove(index)} aria-label={`Remove ${rule.id}`}>
            Remove
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
