import type { Hl7MessageDetail } from '@contract/messages';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatTimestamp } from '../../components/time-format';
import { resourcePath } from '../fhir/fhir-reference';

const actionColors: Record<string, string> = { created: 'green', updated: 'blue', unchanged: 'gray' };

/** FHIR resources the message's last successful attempt committed, each opening in the FHIR browser. */
export function LinkedResources({ links }: { links: Hl7MessageDetail['links'] }) {
  if (links.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md" data-testid="links-none">
        No FHIR resources are linked to this message. A message whose type a mapping profile converts lists the Patient, Encounter and Observation
        resources its processing created or updated here.
      </Text>
    );
  }
  return (
    <Table withTableBorder highlightOnHover data-testid="links">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={160}>Type</Table.Th>
          <Table.Th>Id</Table.Th>
          <Table.Th w={110}>Action</Table.Th>
          <Table.Th w={200}>When</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {links.map((link) => (
          <Table.Tr key={`${link.resourceType}/${link.resourceId}`} data-testid="link" data-resource={`${link.resourceType}/${link.resourceId}`}>
            <Table.Td>{link.resourceType}</Table.Td>
            <Table.Td ff="monospace">
              <Anchor component={Link} to={resourcePath({ type: link.resourceType, id: link.resourceId })} size="sm" aria-label={`Open ${link.resourceType}/${link.resourceId} in the FHIR browser`}>
                {link.resourceId}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Badge size="sm" variant="light" color={actionColors[link.action] ?? 'gray'}>
                {link.action}
              </Badge>
            </Table.Td>
            <Table.Td ff="monospace">{formatTimestamp(link.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
