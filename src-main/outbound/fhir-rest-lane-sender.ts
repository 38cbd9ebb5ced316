import type { Bundle } from '@medplum/fhirtypes';
import { FhirRestSenderSettings } from '../../src-shared';
import type { ErrorKind } from '../core/errors';
import { UPSTREAM_WRITE_KIND } from '../fhir/routing/upstream-queue';
import type { FhirRestAuth } from './fhir-rest-auth';
import type { SendResult } from './fhir-rest-outcome';
import type { FhirRestSender, FhirRestWrite } from './fhir-rest-sender';
import type { Destination, OutboundSend, OutboundSender, SendOutcome } from './sender';

/** Codes of a send that never reached an answer from the server: the destination shows as offline and the item never dead-letters for it. */
const UNREACHED = new Set(['OUTBOUND_FHIR_UNREACHABLE', 'OUTBOUND_FHIR_TIMEOUT', 'OUTBOUND_TOKEN_UNREACHABLE']);

const kindOf = (result: SendResult): ErrorKind =>
  result.error?.code === 'OUTBOUND_URL_REFUSED' ? 'forbidden' : result.outcome === 'retry' ? 'unavailable' : 'unprocessable';

/** A send's result as the lane drainer records it: the HTTP status in the ACK column, Retry-After as the least wait. */
export function laneOutcome(result: SendResult): SendOutcome {
  const failure = result.error ? { kind: kindOf(result), code: result.error.code, message: result.error.message } : undefined;
  return {
    outcome: result.outcome,
    ...(result.status !== undefined ? { ackCode: String(result.status) } : {}),
    ...(failure ? { failure } : {}),
    ...(result.outcome === 'retry' && failure && UNREACHED.has(failure.code) ? { offline: true } : {}),
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
  };
}

/** The base URL of an outbound fhir-rest connector: http(s) by its TLS flag, host, port and `settings.basePath` (validated when the connector was saved). */
export function baseUrlOf(destination: Pick<Destination, 'host' | 'port' | 'tlsEnabled' | 'settings'>): string {
  const basePath = typeof destination.settings.basePath === 'string' ? destination.settings.basePath : FhirRestSenderSettings.parse({}).basePath;
  const host = destination.host?.includes(':') && !destination.host.startsWith('[') ? `[${destination.host}]` : destination.host ?? '';
  return `${destination.tlsEnabled ? 'https' : 'http'}://${host}${destination.port ? `:${destination.port}` : ''}${basePath}`;
}

/** The connector's auth mode and decrypted config as the FHIR REST sender takes it; undefined for a mode it cannot use. */
export function fhirRestAuthOf(destination: Pick<Destination, 'authMode' | 'auth'>): FhirRestAuth | undefined {
  const a = destination.auth ?? {};
  switch (destination.authMode) {
    case 'none':
      return { mode: 'none' };
    case 'basic':
      return { mode: 'basic', username: a.username ?? '', password: a.password ?? '' };
    case 'api-key':
      return { mode: 'api-key', apiKey: a.apiKey ?? '' };
    case 'smart-backend':
      return {
        mode: 'smart-backend',
        clientId: a.clientId ?? '',
        keyId: a.keyId ?? '',
        algorithm: a.algorithm === 'ES384' ? 'ES384' : 'RS384',
        privateKey: a.privateKey ?? '',
        ...(a.tokenUrl ? { tokenUrl: a.tokenUrl } : {}),
        ...(a.scope ? { scope: a.scope } : {}),
      };
    case 'oauth2':
      return { mode: 'oauth2', tokenUrl: a.tokenUrl ?? '', clientId: a.clientId ?? '', clientSecret: a.clientSecret ?? '', ...(a.scope ? { scope: a.scope } : {}) };
    default:
      return undefined;
  }
}

/**
 * What an item sends. A route's `fhir-bundle` is the transaction Bundle the mapping committed: its
 * entries are conditional (PUT by identifier, POST with ifNoneExist) or PUTs to a stable id, so a
 * replay after a lost answer leaves the server as one send would. `upstreamWrite` turns a queued
 * upstream write (`fhir-upstream-write`) into the write to send, read when the item is sent.
 */
export interface FhirRestLaneSenderDeps {
  sender: Pick<FhirRestSender, 'send'>;
  upstreamWrite: (item: OutboundSend) => FhirRestWrite | undefined;
}

/** The lane drainer's `fhir-rest` sender: the outbound connector's base URL and auth, the item's write, the answer settled by fhir-rest-outcome.ts. */
export function createFhirRestLaneSender(deps: FhirRestLaneSenderDeps): OutboundSender {
  return {
    async send(item: OutboundSend, destination: Destination): Promise<SendOutcome> {
      const auth = fhirRestAuthOf(destination);
      if (!auth) return { outcome: 'retry', failure: { kind: 'unsupported', code: 'OUTBOUND_AUTH_UNSUPPORTED', message: `A FHIR REST destination authenticates with none, basic, api-key, oauth2 or smart-backend, not ${destination.authMode}` } };
      const write: FhirRestWrite | undefined =
        item.payloadKind === 'fhir-bundle' ? { kind: 'transaction', bundle: JSON.parse(item.payload.toString('utf8')) as Bundle } : item.payloadKind === UPSTREAM_WRITE_KIND ? deps.upstreamWrite(item) : undefined;
      if (!write) return { outcome: 'dead', failure: { kind: 'unsupported', code: 'OUTBOUND_NO_SENDER', message: `A FHIR REST destination takes FHIR, not ${item.payloadKind}` } };
      return laneOutcome(await deps.sender.send(write, { id: destination.id, baseUrl: baseUrlOf(destination), auth, caCertificate: destination.tlsEnabled ? destination.auth?.caCertificate : undefined }));
    },
    async close() {},
  };
}
