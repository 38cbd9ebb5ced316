import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { FetchPolicy } from '../fetch/fetch-policy';
import type { FhirRepo } from '../store/fhir-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { OutboundItemsRepo } from '../store/outbound-items-repo';
import type { RoutingRulesRepo } from '../store/routing-rules-repo';
import type { Transact } from '../store/transact';
import { createBundleService } from './bundle/bundle-service';
import { createFhirConsoleOperations } from './rest/console-operations';
import { createFhirHandler } from './rest/fhir-handler';
import { createRoutedBundles } from './routing/routed-bundles';
import { createRoutedInteractions } from './routing/routed-interactions';
import { createUpstreamQueue } from './routing/upstream-queue';
import { createUpstreamRouter } from './routing/upstream-router';
import { extractIndexRows } from './search';
import { createSearchService } from './search-service';
import { createFhirService } from './store-service';
import { createTerminologyProxy, type TerminologyServerConfig } from './terminology/terminology-proxy';

export interface FhirGatewayDeps {
  repo: FhirRepo;
  routingRules: RoutingRulesRepo;
  journal: JournalRepo;
  /** Whether the FHIR store writes FhirResourceCreated/Updated events (a subscription takes them). */
  resourceEventsWanted: (tenantId: string) => boolean;
  /** Where writes queued for a down upstream server become outbound items. */
  outboundItems: Pick<OutboundItemsRepo, 'enqueue'>;
  transact: Transact;
  clock: Clock;
  logger: Logger;
  fetchPolicy: FetchPolicy;
  tenantId: string;
  version: string;
  terminologyServer?: TerminologyServerConfig | undefined;
  /** The most entries a batch or transaction posted to the FHIR base may have (default 1,000). */
  bundleMaxEntries?: number | undefined;
}

/**
 * The FHIR gateway's parts wired once per engine: the local store service and search, routing to
 * upstream servers, Bundles, terminology, and the one entry (`handler`) that answers /fhir/R4 and the
 * console's FHIR operations alike.
 */
export function createFhirGateway(deps: FhirGatewayDeps) {
  const { transact, clock, journal, tenantId } = deps;
  const service = createFhirService({ repo: deps.repo, transact, clock, indexRows: extractIndexRows, journal, resourceEventsWanted: deps.resourceEventsWanted });
  const search = createSearchService(deps.repo);
  const upstream = createUpstreamRouter({ rules: deps.routingRules, fetch: deps.fetchPolicy.configuredFetch });
  const upstreamQueue = createUpstreamQueue({ journal, items: deps.outboundItems });
  const routed = createRoutedInteractions({ service, search, upstream, transact, upstreamQueue, clock, tenantId });
  const bundles = createRoutedBundles({ bundles: createBundleService(service, search, transact), routed, upstream, search, upstreamQueue, clock, tenantId, maxEntries: deps.bundleMaxEntries });
  const terminology = deps.terminologyServer ? createTerminologyProxy(deps.terminologyServer, { now: () => clock.now(), logger: deps.logger, fetch: deps.fetchPolicy.configuredFetch }) : undefined;
  const handler = createFhirHandler({ service, routed, bundles, search, transact, tenantId, version: deps.version, terminology });
  /** The processing pipeline's commit: a transaction Bundle's entries on the local store, upstream-owned writes queued (see routed-bundles). */
  const commitLocally = bundles.commitLocally;
  /** How many resources of the local store a conditional query (`identifier=…`) matches. */
  const countLocally = (type: string, query: string): number => search.matches(tenantId, type, query).length;
  return { service, handler, commitLocally, countLocally, consoleOperations: createFhirConsoleOperations(handler, tenantId) };
}
export type FhirGateway = ReturnType<typeof createFhirGateway>;
