import { Alert, Text } from '@mantine/core';

/** Problems of the draft that belong to no one rule (its name, templates), from a refused save or preview. */
export function ProfileProblems({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <Alert color="red" variant="light" title="The profile has problems">
      {lines.map((line) => (
        <Text size="sm" key={line}>
          {line}
        </Text>
      ))}
    </Alert>
  );
}
