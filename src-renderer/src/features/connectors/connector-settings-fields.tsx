import { Accordion, NumberInput, Select, SimpleGrid } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ConnectorFormValues } from './connector-form-values';

const ackModes = [
  { value: 'after-store', label: 'After the message is stored (recommended)' },
  { value: 'after-processing', label: 'After processing (AE on failure)' },
  { value: 'never', label: 'Never (sender expects no ACK)' },
];
const durabilities = [
  { value: 'FULL', label: 'FULL — survives power loss' },
  { value: 'NORMAL', label: 'NORMAL — survives a crash, faster' },
];

/** Listener settings of an inbound MLLP connector, folded away: the defaults suit most feeds. */
export function ConnectorSettingsFields({ form }: { form: Pick<UseFormReturnType<ConnectorFormValues>, 'getInputProps'> }) {
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="settings">
        <Accordion.Control>Listener settings</Accordion.Control>
        <Accordion.Panel>
          <SimpleGrid cols={2} spacing="sm">
            <Select label="Acknowledge" data={ackModes} allowDeselect={false} {...form.getInputProps('settings.ackMode')} />
            <Select label="Durability" data={durabilities} allowDeselect={false} {...form.getInputProps('settings.durability')} />
            <NumberInput label="Largest message (bytes)" min={1024} thousandSeparator="," allowDecimal={false} {...form.getInputProps('settings.maxFrameBytes')} />
            <NumberInput label="Connections at most" min={1} max={1024} allowDecimal={false} {...form.getInputProps('settings.maxConnections')} />
            <NumberInput label="Close idle connections after (s)" min={5} max={86400} allowDecimal={false} {...form.getInputProps('settings.idleTimeoutSeconds')} />
          </SimpleGrid>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
