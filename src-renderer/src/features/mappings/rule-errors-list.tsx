import type { RuleError } from '@contract/messages';
import { Stack, Text } from '@mantine/core';

/** Rules that could not do their work on this message, by rule, source and target. */
export function RuleErrorsList({ errors }: { errors: readonly RuleError[] }) {
  if (errors.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="rule-errors-none">
        No rule errors.
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="rule-errors">
      {errors.map((e, i) => (
        <Text key={`${e.ruleId}:${i}`} size="xs" data-testid="preview-rule-error" data-rule-id={e.ruleId}>
          <Text span fw={600} ff="monospace" size="xs">
            {e.ruleId}
          </Text>{' '}
          ({e.source || '—'} → {e.target}): {e.message}
        </Text>
      ))}
    </Stack>
  );
}
