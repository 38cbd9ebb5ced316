import type { Hl7MappingProfileContent, MappingRule, MappingTransform } from '@contract/mapping-profiles';
import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ruleFormValues, ruleFromForm, type RuleFormValues } from './rule-form-values';
import { TransformArgsFields } from './transform-args-fields';
import { MONOSPACE_INPUT } from './monospace-input';

interface RuleFormProps {
  /** The rule edited, or a new rule's starting values. */
  rule: MappingRule;
  isNew: boolean;
  resources: Hl7MappingProfileContent['resources'];
  transforms: readonly MappingTransform[];
  onApply: (rule: MappingRule) => void;
  onClose: () => void;
}

/** Edits one rule of the draft; the preview runs it once applied. The engine checks paths and transforms. */
export function RuleForm({ rule, isNew, resources, transforms, onApply, onClose }: RuleFormProps) {
  const form = useForm<RuleFormValues>({ initialValues: ruleFormValues(rule) });
  const spec = transforms.find((t) => t.name === form.values.transform);
  const submit = form.onSubmit((values) => {
    const result = ruleFromForm(values, isNew ? null : rule, transforms);
    if (!result.ok) return form.setErrors(result.errors);
    onApply(result.rule);
  });
  return (
    <Modal opened onClose={onClose} title={isNew ? 'New rule' : `Edit rule · ${rule.id}`} size="lg" closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate data-testid="rule-form">
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="Rule id" withAsterisk {...form.getInputProps('id')} />
            <Select label="Resource" data={resources.map((r) => ({ value: r.key, label: `${r.key} (${r.resourceType})` }))} allowDeselect={false} {...form.getInputProps('resource')} />
            <TextInput label="Source path" description="HL7 path read: PID-5.1, OBX-5, PID-3[*]" styles={MONOSPACE_INPUT} {...form.getInputProps('source')} data-autofocus />
            <TextInput label="Target path" withAsterisk description="FHIR path written: name[0].family, status" styles={MONOSPACE_INPUT} {...form.getInputProps('target')} />
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
          <TextInput label="Condition" description="Applied only when this holds, e.g. OBX-2 in NM, SN; OBX-5 valued (ops: valued, empty, in, not-in)" styles={MONOSPACE_INPUT} {...form.getInputProps('condition')} />
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
