import type { Hl7MessageDetail } from '@contract/messages';
import { Table, Text } from '@mantine/core';
import { formatTimestamp } from '../../components/time-format';

/** FHIR resources this message created or updated. */
export function LinkedResources({ links }: { links: Hl7MessageDetail['links'] }) {
  if (links.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md" data-testid="links-none">
        No FHIR resources are linked to this message yet. Once HL7 → FHIR mapping is configured for its connector, the Patient, Encounter and
        Observation resources it produces are listed here.
      </Text>
    );
  }
  return (
    <Table withTableBorder highlightOnHover data-testid="links">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Resource</Table.Th>
          <Table.Th w={110}>Action</Table.Th>
          <Table.Th w={200}>When</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {links.map((link) => (
          <Table.Tr key={`${link.resourceType}/${link.resourceId}/${link.createdAt}`}>
            <Table.Td ff="monospace">
              {link.resourceType}/{link.resourceId}
            </Table.Td>
            <Table.Td>{link.action}</Table.Td>
            <Table.Td ff="monospace">{formatTimestamp(link.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
