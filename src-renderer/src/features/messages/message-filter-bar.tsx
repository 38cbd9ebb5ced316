import { Hl7MessageStatus } from '@contract/messages';
import { Box, Group, Select, TextInput } from '@mantine/core';
import { DebouncedTextInput } from '../../components/debounced-text-input';
import { instantOfLocalInput, localInputValue, type FilterName, type MessageFilters } from './message-filters';
import { statusDots, statusLabels } from './message-status';
import { MessageStatusBadge } from './message-status-badge';

const statusOptions = Hl7MessageStatus.options.map((value) => ({ value, label: statusLabels[value] }));

interface FilterBarProps {
  filters: MessageFilters;
  connectorOptions: { value: string; label: string }[];
  onChange: (name: FilterName, value: string | undefined) => void;
}

/**
 * Typed filters wait for a pause in typing so each keystroke does not query the engine. Clearing
 * remounts the bar (see MessagesPage), which also drops a pending debounced value.
 */
export function MessageFilterBar({ filters, connectorOptions, onChange }: FilterBarProps) {
  const status = filters.status;

  return (
    <Group gap="xs" mb="sm" wrap="wrap" data-testid="message-filters">
      <DebouncedTextInput aria-label="Search messages" placeholder="Control id, patient, order no…" initialValue={filters.q ?? ''} onSettled={(value) => onChange('q', value)} w={232} />
      <Select
        aria-label="Connector"
        placeholder="All connectors"
        data={connectorOptions}
        value={filters.connectorId ?? null}
        onChange={(value) => onChange('connectorId', value ?? undefined)}
        searchable
        clearable
        w={160}
      />
      <DebouncedTextInput aria-label="Message type" placeholder="Type, e.g. ADT" initialValue={filters.messageType ?? ''} onSettled={(value) => onChange('messageType', value)} w={130} />
      <Select
        aria-label="Status"
        placeholder="All statuses"
        data={statusOptions}
        value={status ?? null}
        onChange={(value) => onChange('status', value ?? undefined)}
        renderOption={({ option }) => <MessageStatusBadge status={option.value as Hl7MessageStatus} />}
        leftSection={status && <Box w={8} h={8} bg={statusDots[status]} style={{ borderRadius: '50%' }} />}
        clearable
        w={140}
      />
      <TextInput
        type="datetime-local"
        aria-label="Received from"
        title="Received from (local time)"
        value={localInputValue(filters.from)}
        onChange={(event) => onChange('from', instantOfLocalInput(event.currentTarget.value))}
        leftSection="From"
        leftSectionWidth={44}
        w={208}
      />
      <TextInput
        type="datetime-local"
        aria-label="Received until"
        title="Received until (local time)"
        value={localInputValue(filters.to)}
        onChange={(event) => onChange('to', instantOfLocalInput(event.currentTarget.value))}
        leftSection="To"
        leftSectionWidth={30}
        w={194}
      />
    </Group>
  );
}
