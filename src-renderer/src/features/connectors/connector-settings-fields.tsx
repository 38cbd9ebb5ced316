import { Accordion, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { isFhirRestSender, isListener, isMllpSender } from '@contract/connectors';
import type { ConnectorFormValues } from './connector-form-values';
import { TimeZoneInput } from '../../components/time-zone-input';

const ackModes = [
  { value: 'after-store', label: 'After the message is stored (recommended)' },
  { value: 'after-processing', label: 'After processing (AE on failure)' },
  { value: 'never', label: 'Never (sender expects no ACK)' },
];
const durabilities = [
  { value: 'FULL', label: 'FULL — survives power loss' },
  { value: 'NORMAL', label: 'NORMAL — survives a crash, faster' },
];
const applicationErrors = [
  { value: 'retry', label: 'Send again (with backoff)' },
  { value: 'dead-letter', label: 'Dead-letter the message' },
];

type Form = Pick<UseFormReturnType<ConnectorFormValues>, 'getInputProps' | 'values'>;

/** The sender's zone; blank (null when stored) is the engine host's. */
function TimeZoneField({ form }: { form: Form }) {
  const { value, ...props } = form.getInputProps('settings.timeZone');
  return (
    <TimeZoneInput
      label="Sender's time zone"
      description="HL7 times sent without a UTC offset are read in this zone. Blank: the engine host's zone."
      value={typeof value === 'string' ? value : ''}
      {...props}
    />
  );
}

function ListenerFields({ form }: { form: Form }) {
  return (
    <SimpleGrid cols={2} spacing="sm">
      <Select label="Acknowledge" data={ackModes} allowDeselect={false} {...form.getInputProps('settings.ackMode')} />
      <Select label="Durability" data={durabilities} allowDeselect={false} {...form.getInputProps('settings.durability')} />
      <NumberInput label="Largest message (bytes)" min={1024} thousandSeparator="," allowDecimal={false} {...form.getInputProps('settings.maxFrameBytes')} />
      <NumberInput label="Connections at most" min={1} max={1024} allowDecimal={false} {...form.getInputProps('settings.maxConnections')} />
      <NumberInput label="Close idle connections after (s)" min={5} max={86400} allowDecimal={false} {...form.getInputProps('settings.idleTimeoutSeconds')} />
      <TimeZoneField form={form} />
    </SimpleGrid>
  );
}

function MllpSenderFields({ form }: { form: Form }) {
  return (
    <SimpleGrid cols={2} spacing="sm">
      <NumberInput label="Wait for each ACK (s)" min={1} max={600} allowDecimal={false} {...form.getInputProps('settings.ackTimeoutSeconds')} />
      <Select label="On an AE answer" data={applicationErrors} allowDeselect={false} {...form.getInputProps('settings.onApplicationError')} />
    </SimpleGrid>
  );
}

function SftpFields({ form, inbound }: { form: Form; inbound: boolean }) {
  return (
    <SimpleGrid cols={2} spacing="sm">
      <TextInput label={inbound ? 'Folder to poll' : 'Folder to drop files in'} description="An absolute path on the SFTP server" {...form.getInputProps('settings.remoteDir')} />
      {inbound ? (
        <>
          <NumberInput label="Poll every (s)" min={5} max={86400} allowDecimal={false} {...form.getInputProps('settings.pollIntervalSeconds')} />
          <TimeZoneField form={form} />
        </>
      ) : (
        <TextInput label="File name prefix" description="Files are named prefix-<item id>.hl7 or .ndjson" {...form.getInputProps('settings.filePrefix')} />
      )}
    </SimpleGrid>
  );
}

/** The settings of the connector's kind, folded away: the defaults suit most feeds. Other kinds have none. */
export function ConnectorSettingsFields({ form }: { form: Form }) {
  const values = form.values;
  const [title, fields] = isListener(values)
    ? ['Listener settings', <ListenerFields form={form} />]
    : isMllpSender(values)
      ? ['Sender settings', <MllpSenderFields form={form} />]
      : isFhirRestSender(values)
        ? ['Server settings', <TextInput label="Base path" description="The FHIR base on host:port, e.g. /fhir or /baseR4" {...form.getInputProps('settings.basePath')} />]
        : values.protocol === 'sftp'
          ? ['Folder settings', <SftpFields form={form} inbound={values.direction === 'inbound'} />]
          : [undefined, undefined];
  if (!title) return null;
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="settings">
        <Accordion.Control>{title}</Accordion.Control>
        <Accordion.Panel>{fields}</Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
