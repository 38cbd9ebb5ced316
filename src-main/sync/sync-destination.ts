import { AppError } from '../core/errors';
import type { FhirRestAuth } from '../outbound/fhir-rest-auth';
import { fhirRestAuthOf } from '../outbound/fhir-rest-lane-sender';
import type { FhirRestDestination } from '../outbound/fhir-rest-sender';
import type { Destination } from '../outbound/sender';

/** How a sync authenticates to its upstream: an outbound FHIR REST connector's auth and CA certificate. */
export interface SyncCredentials {
  auth: FhirRestAuth;
  caCertificate?: string | undefined;
}

/** The credentials an outbound fhir-rest connector (auth decrypted) lends a sync job; undefined for any other connector. */
export function credentialsOfConnector(connector: Pick<Destination, 'protocol' | 'authMode' | 'auth' | 'tlsEnabled'> | undefined): SyncCredentials | undefined {
  if (!connector || connector.protocol !== 'fhir-rest') return undefined;
  const auth = fhirRestAuthOf(connector);
  return auth && { auth, caCertificate: connector.tlsEnabled ? connector.auth?.caCertificate : undefined };
}

/** The sync job's upstream as the FHIR REST sender takes it: its server URL and, when it names a connector, that connector's auth and CA. */
export function syncDestination(
  config: { serverUrl: string; connectorId?: string | undefined },
  credentials: (connectorId: string) => SyncCredentials | undefined,
  jobId: string,
): FhirRestDestination {
  if (!config.connectorId) return { id: jobId, baseUrl: config.serverUrl.replace(/\/$/, ''), auth: { mode: 'none' } };
  const lent = credentials(config.connectorId);
  if (!lent) throw new AppError('unprocessable', 'SYNC_CONNECTOR_UNUSABLE', `Connector ${config.connectorId} is not an outbound FHIR REST connector with a usable auth mode`, { connectorId: config.connectorId });
  return { id: config.connectorId, baseUrl: config.serverUrl.replace(/\/$/, ''), auth: lent.auth, caCertificate: lent.caCertificate };
}
