import { Accordion, NumberInput, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ConnectorFormValues } from './connector-form-values';

type Form = Pick<UseFormReturnType<ConnectorFormValues>, 'getInputProps'>;

/** `settings.retention` of a receiving connector: how long its messages are kept (the `retention` job applies it). */
export function RetentionFields({ form }: { form: Form }) {
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="retention">
        <Accordion.Control>Retention</Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Messages past these limits are deleted by the Store retention job; messages not yet processed are always kept. Leave a box empty for no limit.
            </Text>
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput label="Keep messages for (days)" min={1} max={36_500} allowDecimal={false} {...form.getInputProps('retention.maxAgeDays')} />
              <NumberInput label="Keep at most (messages)" min={1} max={1_000_000_000} allowDecimal={false} thousandSeparator="," {...form.getInputProps('retention.maxMessages')} />
            </SimpleGrid>
            <Switch label="Keep failed messages until their error is resolved" {...form.getInputProps('retention.keepUnresolvedFailures', { type: 'checkbox' })} />
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
