import type { MappingTransform } from '@contract/mapping-profiles';
import { SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { RuleFormValues } from './rule-form-values';
import { MONOSPACE_INPUT } from '../../components/monospace-input';

/** One input per argument the chosen transform takes, described by the registry. */
export function TransformArgsFields({ spec, form }: { spec: MappingTransform; form: Pick<UseFormReturnType<RuleFormValues>, 'getInputProps'> }) {
  return (
    <SimpleGrid cols={2} spacing="sm" data-testid="transform-args">
      {spec.args.map((arg) => (
        <TextInput
          key={`${spec.name}:${arg.name}`}
          label={`Argument ${arg.name}`}
          description={`${arg.description} (${arg.type})`}
          withAsterisk={arg.required}
          styles={MONOSPACE_INPUT}
          {...form.getInputProps(`args.${arg.name}`)}
          value={(form.getInputProps(`args.${arg.name}`).value as string | undefined) ?? ''}
        />
      ))}
    </SimpleGrid>
  );
}
