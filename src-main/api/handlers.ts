import type { AuditLog } from '../audit/audit-log';
import type { KeyRotationService } from '../secrets/key-rotation';
import type { HealthCheck, OperationName, Operations, OutputOf, ParsedInputOf } from '../../src-shared';
import type { ApiClientService } from '../access/api-client-service';
import type { ConnectorService } from '../connectors/connector-service';
import type { ConvertService } from '../convert/convert-service';
import type { DataBatchService } from '../data-batches/data-batch-service';
import type { RequestContext } from '../core/request-context';
import type { EventSubscriptionService } from '../event-subscriptions/subscription-service';
import type { ExternalSystemService } from '../external-systems/external-system-service';
import type { BulkExportApi } from '../fhir/bulk/bulk-export-api';
import type { FhirConsoleOperations } from '../fhir/rest/console-operations';
import type { IntegrationJobService } from '../integration-jobs/integration-job-service';
import type { InterfaceErrorService } from '../interface-errors/interface-error-service';
import type { RoutingRuleService } from '../fhir/routing/routing-rule-service';
import type { MessageService } from '../messages/message-service';
import type { CatalogService } from '../connector-catalog/catalog-service';
import type { CoverageReport } from '../mapping-profiles/coverage-report';
import type { MappingProfileService } from '../mapping-profiles/mapping-profile-service';
import { fhirTransformCatalog } from '../mapping-profiles/fhir-transform-catalog';
import { transformCatalog } from '../mapping-profiles/transform-catalog';
import type { FhirMappingProfileContent } from '../mapping/fhir-to-hl7/fhir-profile';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import type { DashboardService } from '../monitoring/dashboard-service';
import type { HealthService } from '../monitoring/health-service';
import type { StoreService } from '../store-care/store-service';
import type { DiagnosticsExport } from '../diagnostics/diagnostics-export';
import type { AlertService } from '../monitoring/alert-service';
import type { OutboundRouteService } from '../outbound/outbound-route-service';
import type { OutboundService } from '../outbound/outbound-service';
import type { FilingBarrier } from '../messages/filing-barrier';
import type { SyncConflictService } from '../sync/sync-conflict-service';
import type { OperatorService } from '../access/operator-service';
import { profileHandlers } from './profile-handlers';

export type Handler<N extends OperationName> = (input: ParsedInputOf<Operations[N]>, ctx: RequestContext) => OutputOf<Operations[N]> | Promise<OutputOf<Operations[N]>>;
export type Handlers = { [N in OperationName]: Handler<N> };

export interface ApiServices {
  connectors: ConnectorService;
  catalog: CatalogService;
  externalSystems: ExternalSystemService;
  messages: MessageService;
  /** The message log's reads wait for what was ACKed before them to be filed (messages/filing-barrier.ts). */
  filing: Pick<FilingBarrier, 'caughtUp'>;
  fhir: FhirConsoleOperations;
  fhirExports: BulkExportApi;
  routingRules: RoutingRuleService;
  health: HealthService;
  convert: ConvertService;
  mappingProfiles: MappingProfileService<Hl7MappingProfileContent>;
  fhirMappingProfiles: MappingProfileService<FhirMappingProfileContent>;
  coverage: CoverageReport;
  eventSubscriptions: EventSubscriptionService;
  outboundRoutes: OutboundRouteService;
  outbound: OutboundService;
  integrationJobs: IntegrationJobService;
  dataBatches: DataBatchService;
  syncConflicts: SyncConflictService;
  interfaceErrors: InterfaceErrorService;
  monitoring: DashboardService;
  store: StoreService;
  diagnostics: DiagnosticsExport;
  alerts: AlertService;
  operators: OperatorService;
  apiClients: ApiClientService;
  /** `connectors.test`: one health check now, recorded and judged like a scheduled one. */
  healthChecks: { test(ctx: RequestContext, id: string): Promise<HealthCheck> };
  audit: AuditLog;
  keyRotation: Pick<KeyRotationService, 'rotate'>;
}

/** Typed FHIR or codec JSON as the contract's plain JSON object (interfaces have no index signature). */
const asJson = (value: object): Record<string, unknown> => value as Record<string, unknown>;

const page = (input: { page: number; pageSize: number }) => ({ page: input.page, pageSize: input.pageSize });

/** Binds every operation of the contract to the service call that answers it. */
export function createHandlers(s: ApiServices): Handlers {
  const filed = async <T>(read: () => T): Promise<Awaited<T>> => {
    await s.filing.caughtUp();
    return await read();
  };
  return {
    'system.health': () => s.health.check(),
    'monitoring.dashboard': (_i, ctx) => s.monitoring.dashboard(ctx),
    'monitoring.metrics': (i, ctx) => s.monitoring.metrics(ctx, i),
    'store.overview': (_i, ctx) => s.store.overview(ctx),
    'store.updateSettings': (i, ctx) => s.store.updateSettings(ctx, i),
    'store.restore': (i, ctx) => s.store.restore(ctx, i.name),
    'system.diagnostics': (_i, ctx) => s.diagnostics.export(ctx),

    'externalSystems.list': (i, ctx) => s.externalSystems.list(ctx, { kind: i.kind, status: i.status, q: i.q }, page(i)),
    'externalSystems.get': (i, ctx) => s.externalSystems.get(ctx, i.id),
    'externalSystems.create': (i, ctx) => s.externalSystems.create(ctx, i),
    'externalSystems.update': (i, ctx) => s.externalSystems.update(ctx, i),
    'externalSystems.delete': (i, ctx) => s.externalSystems.remove(ctx, i.id),
    'externalSystems.connectors': (i, ctx) => {
      s.externalSystems.get(ctx, i.id);
      return s.connectors.list(ctx, { externalSystemId: i.id }, page(i));
    },

    'connectors.list': (i, ctx) => s.connectors.list(ctx, { status: i.status, protocol: i.protocol, direction: i.direction, externalSystemId: i.externalSystemId, facilityId: i.facilityId, q: i.q }, page(i)),
    'connectors.get': (i, ctx) => s.connectors.get(ctx, i.id),
    'connectors.create': (i, ctx) => s.connectors.create(ctx, i),
    'connectors.update': (i, ctx) => s.connectors.update(ctx, i),
    'connectors.delete': (i, ctx) => s.connectors.remove(ctx, i.id),
    'connectors.activate': (i, ctx) => s.connectors.transition(ctx, i.id, 'activate'),
    'connectors.pause': (i, ctx) => s.connectors.transition(ctx, i.id, 'pause'),
    'connectors.deactivate': (i, ctx) => s.connectors.transition(ctx, i.id, 'deactivate'),
    'connectors.test': (i, ctx) => s.healthChecks.test(ctx, i.id),
    'alerts.list': (i, ctx) => s.alerts.list(ctx, { status: i.status, connectorId: i.connectorId, severity: i.severity, type: i.type }, page(i)),
    'alerts.get': (i, ctx) => s.alerts.get(ctx, i.id),
    'alerts.acknowledge': (i, ctx) => s.alerts.acknowledge(ctx, i.id),
    'alerts.resolve': (i, ctx) => s.alerts.resolve(ctx, i.id),

    'operators.list': () => s.operators.list(),
    'operators.create': (i) => s.operators.create(i),
    'operators.update': (i) => s.operators.update(i.id, { displayName: i.displayName, role: i.role, disabled: i.disabled }),
    'operators.resetPassword': (i) => s.operators.resetPassword(i.id, i.password),
    'operators.delete': (i) => {
      s.operators.delete(i.id);
      return null;
    },
    'operators.changeOwnPassword': async (i, ctx) => {
      await s.operators.changeOwnPassword(ctx, i.currentPassword, i.newPassword);
      return null;
    },
    'connectorDefinitions.list': (i, ctx) => s.catalog.list(ctx, i),
    'connectorDefinitions.get': (i, ctx) => s.catalog.get(ctx, i.type),
    'connectorDefinitions.freePort': (i, ctx) => s.catalog.freePort(ctx, i.type),
    'connectorDefinitions.createConnector': (i, ctx) => s.catalog.createConnector(ctx, i),
    'connectors.sendTestMessage': (i, ctx) => s.catalog.sendTestMessage(ctx, i.id),
    'connectors.healthChecks': (i, ctx) => s.connectors.healthChecks(ctx, i.id, page(i)),

    'hl7Messages.list': (i, ctx) => filed(() => s.messages.list(ctx, i)),
    'hl7Messages.get': (i, ctx) => filed(() => s.messages.get(ctx, i.id)),
    'hl7Messages.segments': (i, ctx) => filed(() => s.messages.segments(ctx, i.id)),
    'hl7Messages.masked': (i, ctx) => filed(() => s.messages.masked(ctx, i.id)),
    'hl7Messages.links': (i, ctx) => filed(() => s.messages.links(ctx, i.id)),
    'hl7Messages.reprocess': (i, ctx) => filed(() => s.messages.reprocess(ctx, i.id, i.idempotencyKey)),
    'hl7Messages.reprocessMatching': (i, ctx) => filed(() => s.messages.reprocessMatching(ctx, i)),

    'fhir.search': (i, ctx) => s.fhir.search(ctx, i.resourceType, i.query),
    'fhir.read': (i, ctx) => s.fhir.read(ctx, i.resourceType, i.id),
    'fhir.history': (i, ctx) => s.fhir.history(ctx, i.resourceType, i.id),
    'fhirRoutingRules.list': (i, ctx) => s.routingRules.list(ctx, { resourceType: i.resourceType, status: i.status }, page(i)),
    'fhirRoutingRules.get': (i, ctx) => s.routingRules.get(ctx, i.id),
    'fhirRoutingRules.create': (i, ctx) => s.routingRules.create(ctx, i),
    'fhirRoutingRules.update': (i, ctx) => s.routingRules.update(ctx, i),
    'fhirRoutingRules.delete': (i, ctx) => s.routingRules.remove(ctx, i.id),
    'fhir.validate': (i, ctx) => s.fhir.validate(ctx, i.resourceType, i.resource),

    'fhirExports.list': (i, ctx) => s.fhirExports.list(ctx.tenantId, { status: i.status }, page(i)),
    'fhirExports.get': (i, ctx) => s.fhirExports.get(ctx.tenantId, i.id),
    'fhirExports.start': (i, ctx) => s.fhirExports.start(ctx.tenantId, i),
    'fhirExports.cancel': (i, ctx) => s.fhirExports.cancel(ctx.tenantId, i.id),

    'convert.hl7ToFhir': (i, ctx) => {
      // A stored message converts as its reprocessing would: its connector's assignment, its id in meta.source.
      const stored = i.messageId === undefined ? undefined : s.messages.get(ctx, i.messageId);
      const context = { ...(stored ? { messageId: stored.id, connectorId: stored.connectorId } : {}), tenantId: ctx.tenantId, timeZone: i.timeZone };
      const profile = i.profile ? { content: i.profile, version: 0 } : i.profileId ? s.mappingProfiles.contentOf(ctx, i.profileId) : undefined;
      const conversion = s.convert.hl7ToFhir(stored?.raw ?? i.message ?? '', { context, ...(profile ? { profile } : {}) });
      return { ...conversion, bundle: asJson(conversion.bundle) };
    },
    'convert.fhirToHl7': ({ profile, ...i }, ctx) => s.convert.fhirToHl7(ctx.tenantId, i, profile),

    ...profileHandlers('hl7MappingProfiles', s.mappingProfiles),
    'hl7MappingProfiles.transforms': () => transformCatalog(),
    'hl7MappingProfiles.coverage': (i, ctx) => s.coverage.unmapped(ctx, i),
    ...profileHandlers('fhirMappingProfiles', s.fhirMappingProfiles),
    'fhirMappingProfiles.transforms': () => fhirTransformCatalog(),
    'convert.hl7ToJson': (i) => asJson(i.view === 'segments' ? s.convert.hl7Segments(i.message) : s.convert.hl7ToJson(i.message)),

    'eventSubscriptions.list': (i, ctx) => s.eventSubscriptions.list(ctx, { status: i.status }, page(i)),
    'eventSubscriptions.get': (i, ctx) => s.eventSubscriptions.get(ctx, i.id),
    'eventSubscriptions.create': (i, ctx) => s.eventSubscriptions.create(ctx, i),
    'eventSubscriptions.update': (i, ctx) => s.eventSubscriptions.update(ctx, i),
    'eventSubscriptions.delete': (i, ctx) => s.eventSubscriptions.remove(ctx, i.id),
    'eventDeliveries.list': (i, ctx) => s.eventSubscriptions.deliveries(ctx, { subscriptionId: i.subscriptionId, status: i.status }, page(i)),
    'outboundRoutes.list': (i, ctx) => s.outboundRoutes.list(ctx, { sourceConnectorId: i.sourceConnectorId, destinationConnectorId: i.destinationConnectorId }, page(i)),
    'outboundRoutes.get': (i, ctx) => s.outboundRoutes.get(ctx, i.id),
    'outboundRoutes.create': (i, ctx) => s.outboundRoutes.create(ctx, i),
    'outboundRoutes.update': (i, ctx) => s.outboundRoutes.update(ctx, i),
    'outboundRoutes.delete': (i, ctx) => s.outboundRoutes.remove(ctx, i.id),
    'outbound.lanes': (i, ctx) => s.outbound.lanes(ctx, i.destinationConnectorId),
    'outboundItems.list': (i, ctx) => s.outbound.items(ctx, { destinationConnectorId: i.destinationConnectorId, laneKey: i.laneKey, status: i.status, messageId: i.messageId }, page(i)),
    'outbound.pause': (i, ctx) => s.outbound.pause(ctx, i.id),
    'outbound.resume': (i, ctx) => s.outbound.resume(ctx, i.id),
    'outboundItems.retryNow': (i, ctx) => s.outbound.retryNow(ctx, i.id),
    'outboundItems.skip': (i, ctx) => s.outbound.skip(ctx, i.id),
    'outboundItems.requeue': (i, ctx) => s.outbound.requeue(ctx, i.id),

    'integrationJobs.kinds': () => s.integrationJobs.kinds(),
    'integrationJobs.list': (i, ctx) => s.integrationJobs.list(ctx, { kind: i.kind }, page(i)),
    'integrationJobs.get': (i, ctx) => s.integrationJobs.get(ctx, i.id),
    'integrationJobs.create': (i, ctx) => s.integrationJobs.create(ctx, i),
    'integrationJobs.update': (i, ctx) => s.integrationJobs.update(ctx, i),
    'integrationJobs.delete': (i, ctx) => s.integrationJobs.remove(ctx, i.id),
    'integrationJobs.enable': (i, ctx) => s.integrationJobs.setEnabled(ctx, i.id, true),
    'integrationJobs.disable': (i, ctx) => s.integrationJobs.setEnabled(ctx, i.id, false),
    'integrationJobs.run': (i, ctx) => s.integrationJobs.runNow(ctx, i.id),
    'integrationRuns.list': (i, ctx) => s.integrationJobs.runs(ctx, { jobId: i.jobId, status: i.status }, page(i)),
    'integrationRuns.get': (i, ctx) => s.integrationJobs.run(ctx, i.id),
    'integrationRuns.logs': (i, ctx) => s.integrationJobs.logs(ctx, i.id, page(i)),
    'integrationRuns.errors': (i, ctx) => s.integrationJobs.errors(ctx, i.id, page(i)),
    'dataImportBatches.list': (i, ctx) => s.dataBatches.listImports(ctx, i.status, page(i)),
    'dataImportBatches.get': (i, ctx) => s.dataBatches.getImport(ctx, i.id),
    'dataImportBatches.create': (i, ctx) => s.dataBatches.createImport(ctx, i),
    'dataImportBatches.preview': (i) => s.dataBatches.preview(i),
    'dataImportBatches.records': (i, ctx) => s.dataBatches.records(ctx, i.id, i.status, page(i)),
    'dataImportBatches.errors': (i, ctx) => s.dataBatches.records(ctx, i.id, 'failed', page(i)),
    'dataImportBatches.files': (i, ctx) => s.dataBatches.importFiles(ctx, i.id),
    'dataImportBatches.download': (i, ctx) => s.dataBatches.downloadImport(ctx, i.id, i.name),
    'dataExportBatches.list': (i, ctx) => s.dataBatches.listExports(ctx, i.status, page(i)),
    'dataExportBatches.get': (i, ctx) => s.dataBatches.getExport(ctx, i.id),
    'dataExportBatches.create': (i, ctx) => s.dataBatches.createExport(ctx, i),
    'dataExportBatches.files': (i, ctx) => s.dataBatches.exportFiles(ctx, i.id),
    'dataExportBatches.download': (i, ctx) => s.dataBatches.downloadExport(ctx, i.id, i.name),
    'syncConflicts.list': (i, ctx) => s.syncConflicts.list(ctx, { status: i.status, jobId: i.jobId, resourceType: i.resourceType }, page(i)),
    'syncConflicts.get': (i, ctx) => s.syncConflicts.get(ctx, i.id),
    'syncConflicts.resolve': (i, ctx) => s.syncConflicts.resolve(ctx, i),

    // Intake's interface errors are written by filing: reads wait for what was ACKed before them, as the message log's do.
    'interfaceErrors.list': (i, ctx) => filed(() => s.interfaceErrors.list(ctx, i, page(i))),
    'interfaceErrors.groups': (i, ctx) => filed(() => s.interfaceErrors.groups(ctx, i, page(i))),
    'interfaceErrors.get': (i, ctx) => filed(() => s.interfaceErrors.get(ctx, i.id)),
    'interfaceErrors.resolve': (i, ctx) => s.interfaceErrors.resolve(ctx, i.id),
    'interfaceErrors.ignore': (i, ctx) => s.interfaceErrors.ignore(ctx, i.id),
    'interfaceErrors.reprocess': (i, ctx) => filed(() => s.interfaceErrors.reprocess(ctx, i.id)),
    'interfaceErrors.resolveMatching': (i, ctx) => filed(() => s.interfaceErrors.resolveMatching(ctx, i)),
    'interfaceErrors.ignoreMatching': (i, ctx) => filed(() => s.interfaceErrors.ignoreMatching(ctx, i)),
    'interfaceErrors.reprocessMatching': (i, ctx) => filed(() => s.interfaceErrors.reprocessMatching(ctx, i)),

    'apiClients.list': (i, ctx) => s.apiClients.list(ctx, page(i)),
    'apiClients.get': (i, ctx) => s.apiClients.get(ctx, i.id),
    'apiClients.create': (i, ctx) => s.apiClients.create(ctx, i),
    'apiClients.update': (i, ctx) => s.apiClients.update(ctx, i),
    'apiClients.rotate': (i, ctx) => s.apiClients.rotate(ctx, i.id, i.overlapSeconds),
    'apiClients.revoke': (i, ctx) => s.apiClients.revoke(ctx, i.id),
    'auditEvents.list': (i, ctx) => s.audit.list(ctx, i),
    'auditEvents.export': (i, ctx) => s.audit.export(ctx, i),
    'auditEvents.verify': () => s.audit.verify(),
    'secrets.rotateKey': () => s.keyRotation.rotate(),
  };
}
