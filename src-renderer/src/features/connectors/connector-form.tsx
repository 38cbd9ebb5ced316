import {
  ConnectorAuthMode,
  ConnectorDirection,
  ConnectorProtocol,
  SECRET_MASK,
  authKeysFor,
  isListener,
  isSecretAuthKey,
  SmartBackendAlgorithm,
  settingsKeysFor,
  type Connector,
} from '@contract/connectors';
import type { ConnectorDefinition } from '@contract/connector-definitions';
import { ErrorCode } from '@contract/error-codes';
import { Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApiClient, useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { clientErrors, formValuesOf, placeFieldErrors, toCreateInput, toUpdateInput, type ConnectorFormValues } from './connector-form-values';
import { authKeyField, authModeLabels, directionLabels, optionsOf, protocolLabels } from './connector-labels';
import { ConnectorSettingsFields } from './connector-settings-fields';
import { MappingProfilesFields } from './mapping-profiles-fields';
import { MonitoringFields } from './monitoring-fields';
import { RetentionFields } from './retention-fields';
import { ConnectorTestButton } from './connector-test-button';
import { RoutesSection } from './routes-section';
import { SmartKeyPanel } from './smart-key-panel';
import { formValuesOfTemplate } from './template-form-values';
import { FormFooter } from '../../components/form-footer';

const protocolOptions = optionsOf(ConnectorProtocol.options, protocolLabels);
const directionOptions = optionsOf(ConnectorDirection.options, directionLabels);
const authModeOptions = optionsOf(ConnectorAuthMode.options, authModeLabels);
/** Creates a connector (`connector` null; `template` pre-fills it from the catalog) or edits one; closes itself on success. */
export function ConnectorForm({ connector, template, onClose, onCreated }: { connector: Connector | null; template?: ConnectorDefinition | undefined; onClose: () => void; onCreated?: (created: Connector) => void }) {
  // After a version conflict the form starts over from the engine's current copy.
  const [base, setBase] = useState(connector);
  const title = base ? `Edit connector · ${base.name}` : template ? `New connector · from ${template.name}` : 'New connector';
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeOnClickOutside={false}>
      <ConnectorFormBody key={base ? `${base.id}@${base.version}` : 'new'} base={base} template={template} onReloaded={setBase} onDone={onClose} onCreated={onCreated} />
      {/* Routes belong to a saved inbound connector: they name it as their source. */}
      {base && base.direction !== 'outbound' && <RoutesSection connectorId={base.id} />}
    </Modal>
  );
}

interface FormBodyProps {
  base: Connector | null;
  template: ConnectorDefinition | undefined;
  onReloaded: (fresh: Connector) => void;
  onDone: () => void;
  onCreated: ((created: Connector) => void) | undefined;
}

function ConnectorFormBody({ base, template, onReloaded, onDone, onCreated }: FormBodyProps) {
  const client = useApiClient();
  const create = useApiMutation('connectors.create');
  const update = useApiMutation('connectors.update');
  const systems = useApiQuery('externalSystems.list', { pageSize: 500 });
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const form = useForm<ConnectorFormValues>({ initialValues: template && !base ? formValuesOfTemplate(template) : formValuesOf(base), validate: (values) => clientErrors(values, base) });

  const showApiError = async (error: ApiError, values: ConnectorFormValues) => {
    // Field messages come with 422s and with some 409s (a name already taken).
    const fields = error.fieldErrors;
    if (Object.keys(fields).length > 0) {
      const placed = placeFieldErrors(fields, values);
      form.setErrors(placed.errors);
      setUnplaced(placed.unplaced);
      return;
    }
    if (base && error.code === ErrorCode.INTEROP_VERSION_CONFLICT) {
      const fresh = await client.call('connectors.get', { id: base.id }).catch(() => null);
      if (fresh) {
        notifyError('Connector not saved', `${base.name} was changed by someone else — reloaded. Review your changes and save again.`);
        onReloaded(fresh);
        return;
      }
    }
    setUnplaced([error.message]);
  };

  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    const callbacks = {
      onSuccess: (saved: Connector) => {
        notifySuccess(`${base ? 'Saved' : 'Created'} ${saved.name}`);
        if (!base) onCreated?.(saved);
        onDone();
      },
      onError: (error: ApiError) => void showApiError(error, values),
    };
    if (base) update.mutate(toUpdateInput(values, base), callbacks);
    else create.mutate(toCreateInput(values), callbacks);
  });

  const { required, optional } = authKeysFor(form.values);
  const authKeys = [...required, ...optional];
  const systemOptions = (systems.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }));

  return (
    <form onSubmit={submit} noValidate data-testid="connector-form">
      <Stack gap="sm">
        <TextInput label="Name" withAsterisk placeholder="Lab results from LIS" data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={2} spacing="sm">
          <Select
            label="External system"
            placeholder={systems.isError ? 'Could not load external systems' : 'None'}
            data={systemOptions}
            clearable
            searchable
            disabled={systems.isError}
            {...form.getInputProps('externalSystemId')}
          />
          <TextInput label="Facility ID" placeholder="MSH-4, e.g. MAIN_CLINIC" {...form.getInputProps('facilityId')} />
          <Select label="Protocol" data={protocolOptions} allowDeselect={false} withAsterisk {...form.getInputProps('protocol')} />
          <Select label="Direction" data={directionOptions} allowDeselect={false} withAsterisk {...form.getInputProps('direction')} />
        </SimpleGrid>
        <Group gap="sm" align="flex-start" grow preventGrowOverflow={false}>
          <TextInput label="Host" placeholder="0.0.0.0 or lis.example.org" style={{ flexGrow: 3 }} {...form.getInputProps('host')} />
          <NumberInput label="Port" placeholder="2575" hideControls allowDecimal={false} allowNegative={false} thousandSeparator={false} {...form.getInputProps('port')} />
          {/* SFTP always runs over SSH's own encryption: TLS is not a choice there. */}
          {form.values.protocol !== 'sftp' && <Switch label="TLS" mt={30} style={{ flexGrow: 0 }} {...form.getInputProps('tlsEnabled', { type: 'checkbox' })} />}
        </Group>
        <Select label="Authentication" data={authModeOptions} allowDeselect={false} {...form.getInputProps('authMode')} />
        {authKeys.length > 0 && (
          <SimpleGrid cols={2} spacing="sm">
            {authKeys.map((key) => (
              <AuthConfigInput key={key} name={key} required={required.includes(key)} stored={isSecretAuthKey(key) && base?.authConfig?.[key] !== undefined} generated={form.values.authMode === 'smart-backend'} inputProps={form.getInputProps(`authConfig.${key}`)} />
            ))}
          </SimpleGrid>
        )}
        {form.values.authMode === 'smart-backend' && (base?.authMode === 'smart-backend' ? <SmartKeyPanel connector={base} onChanged={onReloaded} /> : <Text size="xs" c="dimmed">Leave the private key blank and the engine generates a key pair when you save; its public JWKS then shows here to register with the server.</Text>)}
        {typeof form.errors.authConfig === 'string' && (
          <Text size="xs" c="red" role="alert">
            {form.errors.authConfig}
          </Text>
        )}
        <TagsInput
          label="Message types"
          description="Type a message type such as ADT^A01 and press Enter; leave empty to accept all."
          placeholder="ADT^A01"
          splitChars={[',', ' ']}
          clearable
          {...form.getInputProps('messageTypes')}
        />
        {isListener(form.values) && <MappingProfilesFields form={form} />}
        <ConnectorSettingsFields form={form} />
        {settingsKeysFor(form.values).includes('retention') && <RetentionFields form={form} />}
        <MonitoringFields form={form} />
        {base && <ConnectorTestButton connectorId={base.id} />}
        <FormFooter unplaced={unplaced} errorTestId="connector-form-error" saving={create.isPending || update.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

type InputProps = ReturnType<ReturnType<typeof useForm<ConnectorFormValues>>['getInputProps']>;

const algorithmOptions = SmartBackendAlgorithm.options.map((value) => ({ value, label: value === 'RS384' ? 'RS384 (RSA, default)' : 'ES384 (EC P-384)' }));

/** What a blank field means: keep the stored secret, or (a SMART connector's key) let the engine generate one. */
function blankMeaning(name: string, stored: boolean, generated: boolean): string | undefined {
  if (stored) return 'Leave blank to keep the stored value';
  if (generated && name === 'privateKey') return 'Blank: the engine generates a key pair';
  if (generated && name === 'tokenUrl') return "Blank: discovered from the server's smart-configuration";
  if (generated && name === 'keyId') return "Blank: the public key's thumbprint";
  return undefined;
}

/** Stored secrets are never sent to the renderer: a blank field shows the mask and keeps the stored value. */
function AuthConfigInput({ name, required, stored, generated, inputProps }: { name: string; required: boolean; stored: boolean; generated: boolean; inputProps: InputProps }) {
  const { label, input } = authKeyField(name);
  const common = {
    label: generated && name === 'privateKey' ? 'Private key (PEM)' : label,
    withAsterisk: required,
    placeholder: stored ? SECRET_MASK : undefined,
    description: blankMeaning(name, stored, generated),
    autoComplete: 'off',
    ...inputProps,
  };
  if (input === 'algorithm') return <Select {...common} data={algorithmOptions} placeholder="RS384" clearable />;
  if (input === 'pem') return <Textarea {...common} autosize minRows={2} maxRows={6} spellCheck={false} ff="monospace" />;
  if (input === 'secret') return <PasswordInput {...common} />;
  return <TextInput {...common} />;
}
