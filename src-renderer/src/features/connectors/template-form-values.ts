import type { ConnectorDefinition } from '@contract/connector-definitions';
import { DEFAULT_SETTINGS, formValuesOf, type ConnectorFormValues, type FormSettings } from './connector-form-values';
import { assignmentsOf } from './mapping-assignments';
import { monitoringFormValuesOf } from './monitoring-form-values';

/**
 * A new connector's form filled from a catalog template: protocol, direction, address, auth mode, message
 * types, the kind's settings, mapping profiles (the ids this installation has) and monitoring — and
 * `settings.template`, so the engine counts the connector in the template's statistics.
 */
export function formValuesOfTemplate(definition: ConnectorDefinition): ConnectorFormValues {
  const d = definition.defaults;
  const { monitoring, mappingProfiles, ...kindSettings } = d.settings as Record<string, unknown> & { monitoring?: unknown; mappingProfiles?: Record<string, string> };
  return {
    ...formValuesOf(null),
    name: definition.name,
    protocol: d.protocol,
    direction: d.direction,
    host: d.host ?? '',
    port: d.port ?? '',
    tlsEnabled: d.tlsEnabled,
    authMode: d.authMode,
    authConfig: { ...d.authConfig },
    messageTypes: [...d.messageTypes],
    settings: { ...DEFAULT_SETTINGS, ...(kindSettings as Partial<FormSettings>), template: definition.type },
    mappingProfiles: assignmentsOf(mappingProfiles),
    monitoring: monitoringFormValuesOf(monitoring),
  };
}
