import {
  SECRET_MASK,
  authKeysFor,
  isListener,
  isSecretAuthKey,
  mappingProfilesOf,
  type Connector,
  type ConnectorAuthMode,
  type ConnectorDirection,
  type ConnectorProtocol,
  settingsKeysFor,
  type ConnectorSettings,
  type FhirRestSenderSettings,
  type MllpSenderSettings,
  type SftpSettings,
} from '@contract/connectors';
import { TIME_ZONE_MESSAGE, isTimeZone } from '@contract/time-zone';
import type { ApiInput, FieldErrors } from '../../api/client';
import { authKeyField } from './connector-labels';
import { assignmentErrors, assignmentsOf, recordOf, type MappingAssignment } from './mapping-assignments';
import { monitoringFormValuesOf, monitoringToSend, type MonitoringFormValues } from './monitoring-form-values';
import { retentionFormValuesOf, retentionToSend, type RetentionFormValues } from './retention-form-values';

export interface ConnectorFormValues {
  name: string;
  externalSystemId: string | null;
  protocol: ConnectorProtocol;
  direction: ConnectorDirection;
  host: string;
  /** NumberInput gives '' while empty. */
  port: number | string;
  tlsEnabled: boolean;
  authMode: ConnectorAuthMode;
  /** Stored values that are not secrets, then what the user typed; stored secrets never reach the renderer, so a blank secret means "keep it". */
  authConfig: Record<string, string>;
  messageTypes: string[];
  facilityId: string;
  /** Every kind's settings; only the connector's own kind's (settingsKeysFor) are sent. */
  settings: FormSettings;
  /** `settings.mappingProfiles` as rows the form edits. */
  mappingProfiles: MappingAssignment[];
  /** `settings.monitoring`, which every connector takes. */
  monitoring: MonitoringFormValues;
  /** `settings.retention`, which receiving connectors take. */
  retention: RetentionFormValues;
}

/** The settings of every kind of connector, so switching protocol or direction in the form keeps what was typed. */
export type FormSettings = Omit<ConnectorSettings & MllpSenderSettings & FhirRestSenderSettings & SftpSettings, 'monitoring' | 'retention'>;

/** The engine's defaults, shown in a new connector's form. */
export const DEFAULT_SETTINGS: FormSettings = {
  ackMode: 'after-store',
  durability: 'FULL',
  maxFrameBytes: 16 * 1024 * 1024,
  maxConnections: 64,
  idleTimeoutSeconds: 600,
  mappingProfiles: {},
  ackTimeoutSeconds: 30,
  onApplicationError: 'retry',
  basePath: '/fhir',
  remoteDir: '/',
  filePrefix: 'interop',
  pollIntervalSeconds: 60,
};

/** The settings the engine takes for this kind of connector, from the form's. */
function settingsOf(values: ConnectorFormValues): Record<string, unknown> | undefined {
  const all = settingsKeysFor(values);
  const keys = all.filter((key) => key !== 'monitoring' && key !== 'retention' && key !== 'template');
  const monitoring = monitoringToSend(values.monitoring);
  const retention = all.includes('retention') ? retentionToSend(values.retention) : undefined;
  const template = values.settings.template;
  if (keys.length === 0 && !monitoring && !retention && !template) return undefined;
  const settings: Record<string, unknown> = Object.fromEntries(keys.map((key) => [key, values.settings[key as keyof FormSettings]]));
  if (template) settings.template = template;
  if (isListener(values)) settings.mappingProfiles = recordOf(values.mappingProfiles);
  // Blank clears a stored zone (null): the engine host's zone applies.
  if (keys.includes('timeZone')) settings.timeZone = values.settings.timeZone?.trim() || null;
  if (monitoring) settings.monitoring = monitoring;
  if (retention) settings.retention = retention;
  return settings;
}

const fieldLabels: Record<keyof ConnectorFormValues, string> = {
  name: 'Name',
  externalSystemId: 'External system',
  protocol: 'Protocol',
  direction: 'Direction',
  host: 'Host',
  port: 'Port',
  tlsEnabled: 'TLS',
  authMode: 'Authentication',
  authConfig: 'Authentication',
  messageTypes: 'Message types',
  facilityId: 'Facility ID',
  settings: 'Settings',
  mappingProfiles: 'Mapping profiles',
  monitoring: 'Monitoring',
  retention: 'Retention',
};

function withoutMonitoring(settings: Connector['settings'] | undefined): Partial<FormSettings> {
  if (!settings) return {};
  const { monitoring: _monitoring, retention: _retention, ...rest } = settings as Connector['settings'] & { monitoring?: unknown; retention?: unknown };
  return rest;
}

export function formValuesOf(connector: Connector | null): ConnectorFormValues {
  return {
    name: connector?.name ?? '',
    externalSystemId: connector?.externalSystemId ?? null,
    protocol: connector?.protocol ?? 'mllp',
    direction: connector?.direction ?? 'inbound',
    host: connector?.host ?? '',
    port: connector?.port ?? '',
    tlsEnabled: connector?.tlsEnabled ?? false,
    authMode: connector?.authMode ?? 'none',
    authConfig: Object.fromEntries(Object.entries(connector?.authConfig ?? {}).filter(([key]) => !isSecretAuthKey(key))),
    messageTypes: connector?.messageTypes ?? [],
    facilityId: connector?.facilityId ?? '',
    settings: { ...DEFAULT_SETTINGS, ...withoutMonitoring(connector?.settings) },
    mappingProfiles: assignmentsOf(connector ? mappingProfilesOf(connector.settings) : undefined),
    monitoring: monitoringFormValuesOf(connector && 'monitoring' in connector.settings ? connector.settings.monitoring : undefined),
    retention: retentionFormValuesOf(connector && 'retention' in connector.settings ? connector.settings.retention : undefined),
  };
}

/** Light checks that save a round trip; the engine validates everything again and has the last word. */
export function clientErrors(values: ConnectorFormValues, stored: Connector | null): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors.name = 'Name is required';
  if (typeof values.port === 'string' && values.port.trim() !== '' && !/^\d+$/.test(values.port.trim())) errors.port = 'Port must be a whole number';
  const assignments = isListener(values) ? assignmentErrors(values.mappingProfiles) : null;
  if (assignments) errors.mappingProfiles = assignments;
  const zone = values.settings.timeZone?.trim() ?? '';
  if (settingsKeysFor(values).includes('timeZone') && zone !== '' && !isTimeZone(zone)) errors['settings.timeZone'] = `Time zone ${TIME_ZONE_MESSAGE}`;
  for (const key of authKeysFor(values).required) {
    const kept = isSecretAuthKey(key) && stored?.authConfig?.[key] !== undefined;
    if (!kept && (values.authConfig[key] ?? '') === '') errors[`authConfig.${key}`] = `${authKeyField(key).label} is required`;
  }
  return errors;
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

function portOf(port: number | string): number | null {
  if (typeof port === 'number') return port;
  return port.trim() === '' ? null : Number(port.trim());
}

/** Blank secrets the connector already stores go out as SECRET_MASK, which tells the engine to keep them. */
function authConfigOf(values: ConnectorFormValues, stored: Connector['authConfig']): Record<string, string> | null {
  const { required, optional } = authKeysFor(values);
  if (required.length + optional.length === 0) return null;
  const config: Record<string, string> = {};
  for (const key of [...required, ...optional]) {
    const typed = values.authConfig[key] ?? '';
    if (typed !== '') config[key] = typed;
    else if (stored && key in stored && isSecretAuthKey(key)) config[key] = SECRET_MASK;
  }
  return config;
}

export function toCreateInput(values: ConnectorFormValues): ApiInput<'connectors.create'> {
  const settings = settingsOf(values) as ApiInput<'connectors.create'>['settings'] | undefined;
  return {
    name: values.name.trim(),
    externalSystemId: values.externalSystemId,
    protocol: values.protocol,
    direction: values.direction,
    host: blankToNull(values.host),
    port: portOf(values.port),
    tlsEnabled: values.tlsEnabled,
    authMode: values.authMode,
    authConfig: authConfigOf(values, null),
    messageTypes: values.messageTypes,
    facilityId: blankToNull(values.facilityId),
    ...(settings ? { settings } : {}),
  };
}

/**
 * The update that replaces a SMART Backend Services connector's key pair: its stored settings without
 * the private key and key id (SECRET_MASK would keep the key), so the engine generates a new pair.
 */
export function newKeyPairInput(connector: Connector): ApiInput<'connectors.update'> {
  const kept = Object.entries(connector.authConfig ?? {}).filter(([key]) => !['privateKey', 'keyId', 'publicJwks'].includes(key));
  return { id: connector.id, version: connector.version, authConfig: Object.fromEntries(kept) };
}

export function toUpdateInput(values: ConnectorFormValues, connector: Connector): ApiInput<'connectors.update'> {
  return { ...toCreateInput(values), authConfig: authConfigOf(values, connector.authConfig), id: connector.id, version: connector.version };
}

/** The engine's messages continue the field name ("must be 1–65535"), so they read as "Port must be 1–65535". */
function sentence(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Places a 422 answer's field messages under the inputs they belong to (keys use the form's paths, so
 * `authConfig.password` lands under that input); what matches no input comes back as `unplaced`.
 */
export function placeFieldErrors(fields: FieldErrors, values: ConnectorFormValues): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  const add = (path: string, text: string) => {
    errors[path] = errors[path] ? `${errors[path]}; ${text}` : text;
  };
  for (const [path, messages] of Object.entries(fields)) {
    const [field = '', sub] = path.split('.');
    for (const message of messages) {
      if (field === 'authConfig' && sub) add(`authConfig.${sub}`, sentence(authKeyField(sub).label, message));
      else if (field === 'authConfig') add('authConfig', capitalized(message));
      else if (field === 'settings' && sub === 'mappingProfiles') add('mappingProfiles', capitalized(message));
      else if (field === 'settings' && sub === 'monitoring') add('monitoring', `${path.split('.').slice(2).join('.') || 'Monitoring'}: ${message}`);
      else if (field === 'settings' && sub === 'retention' && path.split('.')[2]) add(`retention.${path.split('.')[2]}`, capitalized(message));
      else if (field === 'settings' && sub) add(`settings.${sub}`, capitalized(message));
      else if (field === 'messageTypes' && sub !== undefined) add(field, `“${values.messageTypes[Number(sub)] ?? sub}” ${message}`);
      else if (field in fieldLabels) add(field, sentence(fieldLabels[field as keyof ConnectorFormValues], message));
      else unplaced.push(`${path}: ${message}`);
    }
  }
  return { errors, unplaced };
}
