import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { ConnectorSettings } from '@contract/connectors';
import type { Converter } from './convert/converter';
import { senderTimeZone, type TimeZoneOf } from './convert/sender-time-zone';
import type { ChangeFeed } from './core/change-events';
import type { Clock } from './core/clock';
import type { IdGenerator } from './core/ids';
import type { Logger } from './core/logger';
import { createTurnMemo } from './core/turn-memo';
import { APP_VERSION } from './core/version';
import type { FetchPolicy } from './fetch/fetch-policy';
import { createFhirGateway } from './fhir/fhir-gateway';
import type { TerminologyServerConfig } from './fhir/terminology/terminology-proxy';
import { createMappingProfileService } from './mapping-profiles/mapping-profile-service';
import { createProfileConverter } from './mapping-profiles/profile-converter';
import { FHIR_PROFILE_KIND, HL7_PROFILE_KIND } from './mapping-profiles/profile-kinds';
import { createFhirMappingStep } from './messages/fhir-mapping-step';
import { createOutboundPlanner } from './outbound/outbound-planner';
import { profilePayload } from './outbound/profile-payload';
import { createOutboundRoutesRepo } from './store/outbound-routes-repo';
import { createConnectorsRepo } from './store/connectors-repo';
import { createFhirRepo } from './store/fhir-repo';
import { createAuditRepo } from './store/audit-repo';
import { createJournalRepo } from './store/journal-repo';
import { createMappingProfilesRepo } from './store/mapping-profiles-repo';
import { DEFAULT_TENANT_ID, type Store } from './store/open-store';
import { createOutboxWriter } from './store/outbox-writer';
import { createOutboundItemsRepo } from './store/outbound-items-repo';
import { createRoutingRulesRepo } from './store/routing-rules-repo';
import { createTransact } from './store/transact';
import { createResourceEventGate } from './store/event-subscriptions-repo';

export interface MappingCompositionDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  changes: ChangeFeed;
  fetchPolicy: FetchPolicy;
  terminologyServer?: TerminologyServerConfig | undefined;
  /** The most entries of a Bundle posted to /fhir/R4 (the engine thread's gateway; default 1,000). */
  fhirBundleMaxEntries?: number | undefined;
  /** A module whose `convert` export replaces the stored mapping profiles (tests); loaded on whichever thread composes. */
  converterModule?: string | undefined;
}

/** Loads the `convert` export of a module named by path (a test's stand-in converter). */
async function loadConverter(path: string): Promise<Converter> {
  const loaded = (await import(pathToFileURL(path).href)) as { convert?: Converter };
  if (typeof loaded.convert !== 'function') throw new Error(`${path} exports no convert function`);
  return loaded.convert;
}

/**
 * The store-level pieces, the FHIR gateway, the HL7 v2 → FHIR mapping step and the outbound planner over one SQLite
 * connection, wired the same way for the engine thread (API, FHIR gateway, convert operations) and the
 * processing thread (its own connection: mapping commits through its own gateway).
 */
export async function composeMapping(deps: MappingCompositionDeps) {
  const { store, ids, clock, logger, changes } = deps;
  const transact = createTransact(store.sqlite);
  const auditRepo = createAuditRepo(store.sqlite, ids);
  const journal = createJournalRepo(createOutboxWriter(store.sqlite, ids), auditRepo);
  const connectorsRepo = createConnectorsRepo(store.db);
  const routingRulesRepo = createRoutingRulesRepo(store.db);
  // Processing reads each piece of configuration once a turn (turn.within); the API's reads pass straight through.
  const turn = createTurnMemo();
  const routingRules = { ...routingRulesRepo, activeFor: (tenantId: string, type: string) => turn.memo(`routing|${tenantId}|${type}`, () => routingRulesRepo.activeFor(tenantId, type)) };
  const outboundItems = createOutboundItemsRepo(store.sqlite, ids);
  const fhir = createFhirGateway({ repo: createFhirRepo(store.sqlite), routingRules, journal, resourceEventsWanted: createResourceEventGate(store.sqlite), outboundItems, transact, clock, logger, fetchPolicy: deps.fetchPolicy, tenantId: DEFAULT_TENANT_ID, version: APP_VERSION, terminologyServer: deps.terminologyServer, bundleMaxEntries: deps.fhirBundleMaxEntries });
  const mappingProfiles = createMappingProfileService(HL7_PROFILE_KIND, { repo: createMappingProfilesRepo(store.db, 'hl7-to-fhir'), transact, ids, clock, changes });
  const settingsOf = (connectorId: string) => turn.memo(`settings|${connectorId}`, () => connectorsRepo.findById(connectorId)?.settings as Partial<ConnectorSettings> | undefined);
  // Processing, the convert operations and the mapping preview read offset-less times in one zone: this.
  const timeZoneOf: TimeZoneOf = (context) => senderTimeZone(context, (connectorId) => settingsOf(connectorId)?.timeZone ?? undefined);
  const convert = deps.converterModule
    ? await loadConverter(deps.converterModule)
    : createProfileConverter({
        profiles: mappingProfiles,
        assignedProfile: (connectorId, messageType) => settingsOf(connectorId)?.mappingProfiles?.[messageType],
        defaultTenantId: DEFAULT_TENANT_ID,
        memo: turn.memo,
        timeZoneOf,
      });
  const fhirMappingProfiles = createMappingProfileService(FHIR_PROFILE_KIND, { repo: createMappingProfilesRepo(store.db, 'fhir-to-hl7'), transact, ids, clock, changes });
  const mapping = createFhirMappingStep({ convert, commit: (entries) => fhir.commitLocally(entries), countMatches: fhir.countLocally });
  const outboundRoutesRepo = createOutboundRoutesRepo(store.db);
  const outbound = createOutboundPlanner({
    routesFrom: (connectorId) => outboundRoutesRepo.enabledFrom(connectorId),
    fhirToHl7: profilePayload((tenantId, profileId) => fhirMappingProfiles.named({ tenantId, actor: 'system' }, profileId)),
    newControlId: () => randomUUID().replace(/-/g, '').slice(0, 20),
  });
  return { transact, journal, auditRepo, connectorsRepo, routingRulesRepo, fhir, mappingProfiles, fhirMappingProfiles, convert, timeZoneOf, mapping, turn, outboundRoutesRepo, outboundItems, outbound };
}
