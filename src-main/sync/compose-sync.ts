import type { ChangeFeed } from '../core/change-events';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { FhirService } from '../fhir/store-service';
import type { FhirRestSender } from '../outbound/fhir-rest-sender';
import type { Destination } from '../outbound/sender';
import type { JournalRepo } from '../store/journal-repo';
import type { Db } from '../store/open-store';
import { createSyncConflictsRepo } from '../store/sync-conflicts-repo';
import { createSyncStatesRepo } from '../store/sync-states-repo';
import { createFhirPullSyncKind } from './fhir-pull-sync';
import { createFhirPushSyncKind } from './fhir-push-sync';
import { localFhirStore } from './local-store';
import { createSyncConflictService } from './sync-conflict-service';
import { credentialsOfConnector } from './sync-destination';
import type { SyncKindDeps } from './sync-kind-deps';

export interface ComposeSyncDeps {
  db: Db;
  /** A job's config, as the integration jobs store keeps it; undefined when the job is gone. */
  jobConfig: (jobId: string) => Record<string, unknown> | undefined;
  fhir: Pick<FhirService, 'read' | 'update' | 'history'>;
  sender: Pick<FhirRestSender, 'send' | 'read'>;
  /** An outbound connector as a sender takes it (auth decrypted), if the tenant has it. */
  connector: (tenantId: string, connectorId: string) => Destination | undefined;
  journal: Pick<JournalRepo, 'appendAudit'>;
  clock: Clock;
  ids: IdGenerator;
  changes: ChangeFeed;
}

/** The FHIR sync: its two integration run kinds (for the job executor) and the conflict inbox (for the API). */
export function composeSync(deps: ComposeSyncDeps) {
  const kindDeps: SyncKindDeps = {
    sender: deps.sender,
    credentials: (tenantId, connectorId) => credentialsOfConnector(deps.connector(tenantId, connectorId)),
    local: localFhirStore(deps.fhir),
    states: createSyncStatesRepo(deps.db),
    conflicts: createSyncConflictsRepo(deps.db),
    clock: deps.clock,
    ids: deps.ids,
    conflictsChanged: () => deps.changes.publish({ topic: 'syncConflicts' }),
  };
  return {
    kinds: { fhirPullSync: createFhirPullSyncKind(kindDeps), fhirPushSync: createFhirPushSyncKind(kindDeps) },
    conflicts: createSyncConflictService({ ...kindDeps, jobConfig: (jobId) => syncPeerOf(deps.jobConfig(jobId)), journal: deps.journal, changes: deps.changes }),
  };
}
export type SyncParts = ReturnType<typeof composeSync>;

/** The upstream a sync job's config names; undefined when the job is gone or names no server. */
function syncPeerOf(config: Record<string, unknown> | undefined): { serverUrl: string; connectorId?: string | undefined } | undefined {
  if (typeof config?.serverUrl !== 'string') return undefined;
  return { serverUrl: config.serverUrl, connectorId: typeof config.connectorId === 'string' ? config.connectorId : undefined };
}
