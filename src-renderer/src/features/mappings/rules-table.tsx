import type { RuleError } from '@contract/index';
import { ScrollArea, Table, VisuallyHidden } from '@mantine/core';
import type { EditableRule } from './rule-form-values';
import { RuleRow } from './rule-row';

interface RulesTableProps<R extends EditableRule> {
  rules: readonly R[];
  /** Where a rule writes, as its row shows it. */
  targetOf: (rule: R) => string;
  /** Problems that keep the draft from running (a 422), by rule place. */
  issues: ReadonlyMap<number, string[]>;
  /** What went wrong running the rule on the preview's message, by rule id. */
  ruleErrors: readonly RuleError[];
  onEdit: (index: number) => void;
  onMove: (index: number, delta: number) => void;
  onRemove: (index: number) => void;
}

/** A profile's rules (either direction) in the order they run, each with its problems beside it. */
export function RulesTable<R extends EditableRule>({ rules, targetOf, issues, ruleErrors, onEdit, onMove, onRemove }: RulesTableProps<R>) {
  return (
    <ScrollArea.Autosize mah="68dvh" type="auto" scrollbars="y">
      <Table stickyHeader highlightOnHover verticalSpacing={4} layout="fixed" data-testid="rules-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>#</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th w="32%">Transform and condition</Table.Th>
            <Table.Th w={200}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule, index) => (
            <RuleRow
              key={`${index}:${rule.id}`}
              rule={rule}
              index={index}
              last={index === rules.length - 1}
              target={targetOf(rule)}
              issues={issues.get(index) ?? []}
              errors={ruleErrors.filter((e) => e.ruleId === rule.id).map((e) => e.message)}
              onEdit={onEdit}
              onMove={onMove}
              onRemove={onRemove}
            />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
