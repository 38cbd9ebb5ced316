import type { UnmappedItem } from '@contract/messages';
import { Table, Text } from '@mantine/core';

/** Data the message carried that no rule read: a field, repetition or component, and how often. */
export function CoverageList({ unmapped }: { unmapped: readonly UnmappedItem[] }) {
  if (unmapped.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="coverage-none">
        Every valued field was mapped.
      </Text>
    );
  }
  return (
    <Table withTableBorder verticalSpacing={2} data-testid="coverage">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Not mapped</Table.Th>
          <Table.Th w={60}>Seen</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {unmapped.map((item) => (
          <Table.Tr key={item.path} data-testid="unmapped" data-path={item.path}>
            <Table.Td ff="monospace" fz="xs">
              {item.path}
            </Table.Td>
            <Table.Td fz="xs">{item.count}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
