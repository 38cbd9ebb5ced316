import type { RuleError } from '@contract/index';
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import type { EditableRule } from './rule-form-values';
import { RulesTable } from './rules-table';

interface RulesPanelProps<R extends EditableRule> {
  rules: readonly R[];
  changed: boolean;
  targetOf: (rule: R) => string;
  issues: ReadonlyMap<number, string[]>;
  ruleErrors: readonly RuleError[];
  onAdd: () => void;
  onEdit: (index: number) => void;
  onMove: (index: number, delta: number) => void;
  onRemove: (index: number) => void;
}

/** The draft's rules with their count and a button to add one. */
export function RulesPanel<R extends EditableRule>({ rules, changed, onAdd, ...table }: RulesPanelProps<R>) {
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Rules <Text span c="dimmed" size="sm">({rules.length}{changed ? ', unsaved changes' : ''})</Text>
        </Title>
        <Button size="xs" variant="light" onClick={onAdd}>
          Add rule
        </Button>
      </Group>
      <RulesTable rules={rules} {...table} />
    </Paper>
  );
}
