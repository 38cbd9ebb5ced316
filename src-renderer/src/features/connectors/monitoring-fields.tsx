import { isMllpSender } from '@contract/connectors';
import { Weekday } from '@contract/monitoring-settings';
import { Accordion, Chip, Group, NumberInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ConnectorFormValues } from './connector-form-values';

type Form = Pick<UseFormReturnType<ConnectorFormValues>, 'getInputProps' | 'values' | 'errors'>;

const dayLabels: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** `settings.monitoring`: how often the connector is checked, the cadence its feed keeps, and when its conditions become alerts. */
export function MonitoringFields({ form }: { form: Form }) {
  const values = form.values;
  const inbound = values.direction !== 'outbound';
  const number = (path: string, label: string, props: { min?: number; max?: number; decimal?: boolean; suffix?: string } = {}) => (
    <NumberInput label={label} min={props.min} max={props.max} allowDecimal={props.decimal ?? false} suffix={props.suffix} {...form.getInputProps(`monitoring.${path}`)} />
  );
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="monitoring">
        <Accordion.Control>Monitoring</Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            {number('healthCheckIntervalSeconds', 'Check every (s)', { min: 5, max: 86_400 })}
            {inbound && (
              <>
                <Switch label="Expect messages at a cadence (alert when the feed goes quiet)" {...form.getInputProps('monitoring.cadenceEnabled', { type: 'checkbox' })} />
                {values.monitoring.cadenceEnabled && (
                  <>
                    <SimpleGrid cols={2} spacing="sm">
                      {number('everyMinutes', 'At least one message every (min)', { min: 1, max: 10_080 })}
                      <TextInput label="Time zone" description="IANA name, e.g. Europe/Berlin" {...form.getInputProps('monitoring.timeZone')} />
                      <TextInput label="From" placeholder="07:00" {...form.getInputProps('monitoring.from')} />
                      <TextInput label="To" placeholder="19:00" {...form.getInputProps('monitoring.to')} />
                    </SimpleGrid>
                    <Chip.Group multiple {...form.getInputProps('monitoring.days')}>
                      <Group gap="xs" role="group" aria-label="Days">
                        {Weekday.options.map((day) => (
                          <Chip key={day} value={day} size="xs">
                            {dayLabels[day]}
                          </Chip>
                        ))}
                      </Group>
                    </Chip.Group>
                  </>
                )}
              </>
            )}
            <Text size="sm" fw={500}>
              Alert thresholds
            </Text>
            <SimpleGrid cols={2} spacing="sm">
              {number('consecutiveFailures', 'Failed checks in a row', { min: 1, max: 100 })}
              {number('slowResponseMs', 'Slow response above (ms)', { min: 1, max: 600_000 })}
              {number('errorRateWarningPercent', 'Error rate warning (%)', { min: 0, max: 100, decimal: true })}
              {number('errorRateCriticalPercent', 'Error rate critical (%)', { min: 0, max: 100, decimal: true })}
              {number('uptimeWarningPercent', 'Availability warning below (%)', { min: 0, max: 100, decimal: true })}
              {number('uptimeCriticalPercent', 'Availability critical below (%)', { min: 0, max: 100, decimal: true })}
            </SimpleGrid>
            {isMllpSender(values) && <Switch label="MLLP round trip: send an ACK message on each check and wait for an answer" {...form.getInputProps('monitoring.mllpRoundTrip', { type: 'checkbox' })} />}
            {typeof form.errors.monitoring === 'string' && (
              <Text size="xs" c="red" role="alert">
                {form.errors.monitoring}
              </Text>
            )}
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
