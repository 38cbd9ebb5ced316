import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { FhirRestSender } from '../outbound/fhir-rest-sender';
import type { SyncConflictsRepo } from '../store/sync-conflicts-repo';
import type { SyncStatesRepo } from '../store/sync-states-repo';
import type { LocalFhirStore } from './local-store';
import type { SyncCredentials } from './sync-destination';

/** What the sync kinds are built with (bootstrap composes them). */
export interface SyncKindDeps {
  /** The outbound FHIR REST sender: the one HTTP client to FHIR servers (fetch policy, auth, CA). */
  sender: Pick<FhirRestSender, 'send' | 'read'>;
  /** The auth and CA of the outbound FHIR REST connector a job names (sync-destination.ts credentialsOfConnector). */
  credentials: (tenantId: string, connectorId: string) => SyncCredentials | undefined;
  /** The local FHIR store (local-store.ts over the gateway's store service). */
  local: LocalFhirStore;
  states: SyncStatesRepo;
  conflicts: SyncConflictsRepo;
  clock: Clock;
  ids: IdGenerator;
  /** Called when a run opened or refreshed a conflict (the console's inbox refreshes). */
  conflictsChanged: () => void;
}
