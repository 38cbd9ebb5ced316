import { alertOps } from './alerts';
import { apiClientOps } from './api-clients';
import { auditOps } from './audit';
import { connectorDefinitionOps } from './connector-definitions';
import { connectorOps } from './connectors';
import { convertOps } from './convert';
import { dataExportBatchOps, dataImportBatchOps } from './data-batches';
import { eventSubscriptionOps } from './event-subscriptions';
import { externalSystemOps } from './external-systems';
import { fhirOps } from './fhir';
import { fhirExportOps } from './fhir-exports';
import { fhirMappingProfileOps } from './fhir-mapping-profiles';
import { integrationJobOps, integrationRunOps } from './integration-jobs';
import { interfaceErrorOps } from './interface-errors';
import { mappingProfileOps } from './mapping-profiles';
import { messageOps } from './messages';
import { monitoringOps } from './monitoring';
import { operatorOps } from './operators';
import { outboundOps, outboundRouteOps } from './outbound';
import { routingRuleOps } from './routing-rules';
import { syncConflictOps } from './sync';
import { storeOps } from './store';
import { systemOps } from './system';

/** Every operation of the API, keyed by operation name; both transports serve exactly this table. */
export const operations = {
  [systemOps.health.name]: systemOps.health,
  [systemOps.diagnostics.name]: systemOps.diagnostics,
  ...byName(externalSystemOps),
  ...byName(connectorOps),
  ...byName(connectorDefinitionOps),
  ...byName(messageOps),
  ...byName(fhirOps),
  ...byName(fhirExportOps),
  ...byName(routingRuleOps),
  ...byName(convertOps),
  ...byName(mappingProfileOps),
  ...byName(fhirMappingProfileOps),
  ...byName(eventSubscriptionOps),
  ...byName(outboundRouteOps),
  ...byName(outboundOps),
  ...byName(integrationJobOps),
  ...byName(integrationRunOps),
  ...byName(dataImportBatchOps),
  ...byName(dataExportBatchOps),
  ...byName(syncConflictOps),
  ...byName(interfaceErrorOps),
  ...byName(monitoringOps),
  ...byName(storeOps),
  ...byName(alertOps),
  ...byName(operatorOps),
  ...byName(apiClientOps),
  ...byName(auditOps),
} as const;

type ByName<T extends Record<string, { name: string }>> = { [K in keyof T as T[K]['name']]: T[K] };
function byName<T extends Record<string, { name: string }>>(ops: T): ByName<T> {
  return Object.fromEntries(Object.values(ops).map((op) => [op.name, op])) as ByName<T>;
}

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export const operationNames = Object.keys(operations) as OperationName[];

/** Server-pushed change notification; the renderer invalidates queries whose operation touches the topic. */
export interface ChangeEvent {
  topic: string;
  id?: string;
}

export * from './define-operation';
export * from './audit';
export * from './error-codes';
export * from './connectors';
export * from './connector-definitions';
export * from './store';
export * from './external-systems';
export * from './messages';
export * from './convert';
export * from './fhir';
export * from './fhir-exports';
export * from './routing-rules';
export * from './mapping-profiles';
export * from './fhir-mapping-profiles';
export * from './profile-operations';
export * from './system';
export * from './event-subscriptions';
export * from './outbound';
export * from './integration-jobs';
export * from './data-batches';
export * from './sync';
export * from './interface-errors';
export * from './monitoring';
export * from './alerts';
export * from './monitoring-settings';
export * from './operators';
export * from './api-clients';
export * from './scopes';
