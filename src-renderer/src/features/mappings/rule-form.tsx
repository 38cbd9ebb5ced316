import type { MappingTransform } from '@contract/mapping-profiles';
import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ruleFormValues, type EditableRule, type RuleFormValues } from './rule-form-values';
import type { RuleKind } from './rule-kinds';
import { TransformArgsFields } from './transform-args-fields';
import { MONOSPACE_INPUT } from '../../components/monospace-input';

interface RuleFormProps<R extends EditableRule> {
  /** The rule edited, or a new rule's starting values. */
  rule: R;
  isNew: boolean;
  kind: RuleKind<R>;
  /** The templates a rule can fill (resources or segments), as select options. */
  owners: readonly { value: string; label: string }[];
  transforms: readonly MappingTransform[];
  onApply: (rule: R) => void;
  onClose: () => void;
}

/** Edits one rule of the draft, of either direction; the preview runs it once applied. The engine checks paths and transforms. */
export function RuleForm<R extends EditableRule>({ rule, isNew, kind, owners, transforms, onApply, onClose }: RuleFormProps<R>) {
  const form = useForm<RuleFormValues>({ initialValues: ruleFormValues(rule, kind.ownerOf(rule)) });
  const spec = transforms.find((t) => t.name === form.values.transform);
  const submit = form.onSubmit((values) => {
    const result = kind.fromForm(values, isNew ? null : rule, transforms);
    if (!result.ok) return form.setErrors(result.errors);
    onApply(result.rule);
  });
  return (
    <Modal opened onClose={onClose} title={isNew ? 'New rule' : `Edit rule · ${rule.id}`} size="lg" closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate data-testid="rule-form">
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="Rule id" withAsterisk {...form.getInputProps('id')} />
            <Select label={kind.ownerLabel} data={owners} allowDeselect={false} {...form.getInputProps('owner')} />
            <TextInput label="Source path" description={kind.sourceDescription} styles={MONOSPACE_INPUT} {...form.getInputProps('source')} data-autofocus />
            <TextInput label="Target path" withAsterisk description={kind.targetDescription} styles={MONOSPACE_INPUT} {...form.getInputProps('target')} />
          </SimpleGrid>
          <Select
            label="Transform"
            description={spec ? `${spec.description} → ${spec.output}` : 'Without one, the text is copied as it is.'}
            data={[{ value: '', label: '(copy the text)' }, ...transforms.map((t) => ({ value: t.name, label: t.name }))]}
            searchable
            allowDeselect={false}
            {...form.getInputProps('transform')}
          />
          {spec && spec.args.length > 0 && <TransformArgsFields spec={spec} form={form} />}
          <TextInput label="Condition" description={kind.conditionDescription} styles={MONOSPACE_INPUT} {...form.getInputProps('condition')} />
          <Checkbox label="Required: report an error when the rule produces nothing" {...form.getInputProps('required', { type: 'checkbox' })} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">{isNew ? 'Add rule' : 'Apply'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
