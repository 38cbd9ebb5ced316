import type { OperationName } from './index';

/**
 * The engine's own scopes. `admin` grants everything; `operate` and `configure` each include `read`;
 * `bulk-export` grants FHIR $export and data export batches only.
 */
export const InteropScope = {
  admin: 'svc:interop:admin',
  read: 'svc:interop:read',
  operate: 'svc:interop:operate',
  configure: 'svc:interop:configure',
  bulkExport: 'svc:interop:bulk-export',
} as const;
export type InteropScope = (typeof InteropScope)[keyof typeof InteropScope];
export const interopScopes: readonly InteropScope[] = Object.values(InteropScope);

/** What each operation of /api/v1 needs; `public` ones need nothing (health). Checked once, in the dispatcher. */
export const operationScopes: Record<OperationName, InteropScope | 'public'> = {
  'system.health': 'public',
  'monitoring.dashboard': 'svc:interop:read',
  'monitoring.metrics': 'svc:interop:read',
  'store.overview': 'svc:interop:read',
  'store.updateSettings': 'svc:interop:configure',
  'store.restore': 'svc:interop:admin',
  'system.diagnostics': 'svc:interop:admin',

  'externalSystems.list': 'svc:interop:read',
  'externalSystems.get': 'svc:interop:read',
  'externalSystems.connectors': 'svc:interop:read',
  'externalSystems.create': 'svc:interop:configure',
  'externalSystems.update': 'svc:interop:configure',
  'externalSystems.delete': 'svc:interop:configure',

  'connectors.list': 'svc:interop:read',
  'connectors.get': 'svc:interop:read',
  'connectors.healthChecks': 'svc:interop:read',
  'connectors.create': 'svc:interop:configure',
  'connectors.update': 'svc:interop:configure',
  'connectors.delete': 'svc:interop:configure',
  'connectors.activate': 'svc:interop:operate',
  'connectors.pause': 'svc:interop:operate',
  'connectors.deactivate': 'svc:interop:operate',
  'connectors.test': 'svc:interop:operate',

  'hl7Messages.list': 'svc:interop:read',
  'hl7Messages.get': 'svc:interop:read',
  'hl7Messages.segments': 'svc:interop:read',
  'hl7Messages.masked': 'svc:interop:read',
  'hl7Messages.links': 'svc:interop:read',
  'hl7Messages.reprocess': 'svc:interop:operate',
  'hl7Messages.reprocessMatching': 'svc:interop:operate',

  'fhir.search': 'svc:interop:read',
  'fhir.read': 'svc:interop:read',
  'fhir.history': 'svc:interop:read',
  'fhir.validate': 'svc:interop:read',
  'fhirExports.list': 'svc:interop:read',
  'fhirExports.get': 'svc:interop:read',
  'fhirExports.start': 'svc:interop:bulk-export',
  'fhirExports.cancel': 'svc:interop:bulk-export',
  'fhirRoutingRules.list': 'svc:interop:read',
  'fhirRoutingRules.get': 'svc:interop:read',
  'fhirRoutingRules.create': 'svc:interop:configure',
  'fhirRoutingRules.update': 'svc:interop:configure',
  'fhirRoutingRules.delete': 'svc:interop:configure',

  // The conversions are stateless: they read a stored message or profile at most.
  'convert.hl7ToFhir': 'svc:interop:read',
  'convert.fhirToHl7': 'svc:interop:read',
  'convert.hl7ToJson': 'svc:interop:read',

  'hl7MappingProfiles.list': 'svc:interop:read',
  'hl7MappingProfiles.get': 'svc:interop:read',
  'hl7MappingProfiles.versions': 'svc:interop:read',
  'hl7MappingProfiles.rules.list': 'svc:interop:read',
  'hl7MappingProfiles.transforms': 'svc:interop:read',
  'hl7MappingProfiles.coverage': 'svc:interop:read',
  'hl7MappingProfiles.create': 'svc:interop:configure',
  'hl7MappingProfiles.update': 'svc:interop:configure',
  'hl7MappingProfiles.retire': 'svc:interop:configure',
  'hl7MappingProfiles.rules.add': 'svc:interop:configure',
  'hl7MappingProfiles.rules.update': 'svc:interop:configure',
  'hl7MappingProfiles.rules.remove': 'svc:interop:configure',
  'fhirMappingProfiles.list': 'svc:interop:read',
  'fhirMappingProfiles.get': 'svc:interop:read',
  'fhirMappingProfiles.versions': 'svc:interop:read',
  'fhirMappingProfiles.rules.list': 'svc:interop:read',
  'fhirMappingProfiles.transforms': 'svc:interop:read',
  'fhirMappingProfiles.create': 'svc:interop:configure',
  'fhirMappingProfiles.update': 'svc:interop:configure',
  'fhirMappingProfiles.retire': 'svc:interop:configure',
  'fhirMappingProfiles.rules.add': 'svc:interop:configure',
  'fhirMappingProfiles.rules.update': 'svc:interop:configure',
  'fhirMappingProfiles.rules.remove': 'svc:interop:configure',

  'eventSubscriptions.list': 'svc:interop:read',
  'eventSubscriptions.get': 'svc:interop:read',
  'eventDeliveries.list': 'svc:interop:read',
  'eventSubscriptions.create': 'svc:interop:configure',
  'eventSubscriptions.update': 'svc:interop:configure',
  'eventSubscriptions.delete': 'svc:interop:configure',

  'outboundRoutes.list': 'svc:interop:read',
  'outboundRoutes.get': 'svc:interop:read',
  'outboundRoutes.create': 'svc:interop:configure',
  'outboundRoutes.update': 'svc:interop:configure',
  'outboundRoutes.delete': 'svc:interop:configure',
  'outbound.lanes': 'svc:interop:read',
  'outboundItems.list': 'svc:interop:read',
  'outbound.pause': 'svc:interop:operate',
  'outbound.resume': 'svc:interop:operate',
  'outboundItems.retryNow': 'svc:interop:operate',
  'outboundItems.skip': 'svc:interop:operate',
  'outboundItems.requeue': 'svc:interop:operate',

  'integrationJobs.kinds': 'svc:interop:read',
  'integrationJobs.list': 'svc:interop:read',
  'integrationJobs.get': 'svc:interop:read',
  'integrationJobs.create': 'svc:interop:configure',
  'integrationJobs.update': 'svc:interop:configure',
  'integrationJobs.delete': 'svc:interop:configure',
  'integrationJobs.enable': 'svc:interop:configure',
  'integrationJobs.disable': 'svc:interop:configure',
  'integrationJobs.run': 'svc:interop:operate',
  'integrationRuns.list': 'svc:interop:read',
  'integrationRuns.get': 'svc:interop:read',
  'integrationRuns.logs': 'svc:interop:read',
  'integrationRuns.errors': 'svc:interop:read',

  'dataImportBatches.list': 'svc:interop:read',
  'dataImportBatches.get': 'svc:interop:read',
  'dataImportBatches.preview': 'svc:interop:read',
  'dataImportBatches.records': 'svc:interop:read',
  'dataImportBatches.errors': 'svc:interop:read',
  'dataImportBatches.files': 'svc:interop:read',
  'dataImportBatches.download': 'svc:interop:read',
  'dataImportBatches.create': 'svc:interop:operate',
  'dataExportBatches.list': 'svc:interop:read',
  'dataExportBatches.get': 'svc:interop:read',
  'dataExportBatches.create': 'svc:interop:bulk-export',
  'dataExportBatches.files': 'svc:interop:bulk-export',
  'dataExportBatches.download': 'svc:interop:bulk-export',

  'syncConflicts.list': 'svc:interop:read',
  'syncConflicts.get': 'svc:interop:read',
  'syncConflicts.resolve': 'svc:interop:operate',

  'interfaceErrors.list': 'svc:interop:read',
  'interfaceErrors.groups': 'svc:interop:read',
  'interfaceErrors.get': 'svc:interop:read',
  'interfaceErrors.resolve': 'svc:interop:operate',
  'interfaceErrors.ignore': 'svc:interop:operate',
  'interfaceErrors.reprocess': 'svc:interop:operate',
  'interfaceErrors.resolveMatching': 'svc:interop:operate',
  'interfaceErrors.ignoreMatching': 'svc:interop:operate',
  'interfaceErrors.reprocessMatching': 'svc:interop:operate',

  'alerts.list': 'svc:interop:read',
  'alerts.get': 'svc:interop:read',
  'alerts.acknowledge': 'svc:interop:operate',
  'alerts.resolve': 'svc:interop:operate',

  'apiClients.list': 'svc:interop:admin',
  'apiClients.get': 'svc:interop:admin',
  'apiClients.create': 'svc:interop:admin',
  'apiClients.update': 'svc:interop:admin',
  'apiClients.rotate': 'svc:interop:admin',
  'apiClients.revoke': 'svc:interop:admin',
  'operators.list': 'svc:interop:admin',
  'operators.create': 'svc:interop:admin',
  'operators.update': 'svc:interop:admin',
  'operators.resetPassword': 'svc:interop:admin',
  'operators.delete': 'svc:interop:admin',
  // Every role holds read; the operation itself checks the caller is a signed-in operator.
  'operators.changeOwnPassword': 'svc:interop:read',
  'auditEvents.list': 'svc:interop:admin',
  'auditEvents.export': 'svc:interop:admin',
  'auditEvents.verify': 'svc:interop:admin',
  'secrets.rotateKey': 'svc:interop:admin',
  'connectorDefinitions.list': 'svc:interop:read',
  'connectorDefinitions.get': 'svc:interop:read',
  'connectorDefinitions.freePort': 'svc:interop:read',
  'connectorDefinitions.createConnector': 'svc:interop:configure',
  'connectors.sendTestMessage': 'svc:interop:operate',
};

/** Whether holding `held` lets one call what needs `needed`. */
export function grantsScope(held: readonly string[], needed: InteropScope): boolean {
  if (held.includes(InteropScope.admin) || held.includes(needed)) return true;
  return needed === InteropScope.read && (held.includes(InteropScope.operate) || held.includes(InteropScope.configure));
}

/** A SMART on FHIR scope, v1 (`.read`, `.write`, `.*`) or v2 (`.cruds` letters in that order). */
export const SMART_SCOPE = /^(system|user|patient)\/(\*|[A-Z][A-Za-z]{0,63})\.(read|write|\*|c?r?u?d?s?)$/;

/** Whether a scope string is one the engine knows: its own, or a well-formed SMART scope. */
export const isKnownScope = (scope: string): boolean => (interopScopes as readonly string[]).includes(scope) || (SMART_SCOPE.test(scope) && !scope.endsWith('.'));
