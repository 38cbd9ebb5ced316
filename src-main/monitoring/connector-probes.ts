/** The IO of a health check: TCP/TLS connect, an MLLP round trip, a FHIR `metadata` read. Each answers findings, never throws. */
import { X509Certificate } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { MllpClient } from '../mllp/client';
import { baseUrlOf, fhirRestAuthOf } from '../outbound/fhir-rest-lane-sender';
import type { FhirRestSender } from '../outbound/fhir-rest-sender';
import type { Destination } from '../outbound/sender';
import type { CheckFindings, Finding } from './check-verdict';

/** How long a probe waits for a connection or an answer. */
export const PROBE_TIMEOUT_MS = 10_000;

const errorCode = (error: unknown): string => (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error ? error.name : 'error');

/** TLS settings from the connector: its private CA, and with client-cert auth its own certificate and key. */
function tlsOptions(destination: Destination): { ca?: string; cert?: string; key?: string } {
  const auth = destination.auth ?? {};
  const clientCert = destination.authMode === 'client-cert' && auth.certificate && auth.privateKey ? { cert: auth.certificate, key: auth.privateKey } : {};
  return { ...(auth.caCertificate ? { ca: auth.caCertificate } : {}), ...clientCert };
}

/**
 * Opens a TCP (or TLS) connection to the partner and closes it again without sending anything. With TLS
 * the handshake completes without refusing an untrusted certificate, so its expiry can be read; trust is
 * then judged here (an expired certificate is reported by its date, any other refusal as untrusted).
 */
export function connectProbe(destination: Destination, useTls: boolean): Promise<Pick<CheckFindings, 'connectFailure' | 'latencyMs' | 'peerCertificateExpiresAt'>> {
  const started = performance.now();
  const target = `${destination.host}:${destination.port}`;
  return new Promise((resolve) => {
    let socket: Socket | TLSSocket;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ connectFailure: { code: 'MONITOR_CONNECT_TIMEOUT', message: `no connection to ${target} within ${PROBE_TIMEOUT_MS / 1000} s` } });
    }, PROBE_TIMEOUT_MS);
    const done = (findings: Pick<CheckFindings, 'connectFailure' | 'latencyMs' | 'peerCertificateExpiresAt'>) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(findings);
    };
    const host = destination.host ?? '';
    const port = destination.port ?? 0;
    if (useTls) {
      const servername = isIP(host) === 0 ? { servername: host } : {};
      const tls = tlsConnect({ host, port, ...servername, ...tlsOptions(destination), rejectUnauthorized: false }, () => {
        const latencyMs = Math.round(performance.now() - started);
        const validTo = tls.getPeerCertificate().valid_to;
        const expiresAt = validTo ? Date.parse(validTo) : Number.NaN;
        const expiry = Number.isFinite(expiresAt) ? { peerCertificateExpiresAt: expiresAt } : {};
        // Node sets the verification error's code here (a string), although its type says Error.
        const refusal = String(tls.authorizationError as unknown);
        if (tls.authorized || refusal === 'CERT_HAS_EXPIRED') return done({ latencyMs, ...expiry });
        done({ latencyMs, ...expiry, connectFailure: { code: 'MONITOR_TLS_UNTRUSTED', message: `the TLS certificate of ${target} is not trusted (${refusal})` } });
      });
      socket = tls;
    } else {
      socket = netConnect({ host, port }, () => done({ latencyMs: Math.round(performance.now() - started) }));
    }
    socket.once('error', (error) => done({ connectFailure: { code: 'MONITOR_CONNECT_FAILED', message: `could not connect to ${target}: ${errorCode(error)}` } }));
  });
}

/** A minimal message that asks for nothing: an ACK with its own control id, which any MLLP peer answers or ignores. */
function probeMessage(now: number): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return `MSH|^~\\&|INTEROP|HEALTHCHECK|||${stamp}||ACK|HC${now}|P|2.5\rMSA|AA|HC${now}\r`;
}

/** Connects over MLLP, sends the probe message and waits for any answer (an AA, AE or AR all prove the round trip). */
export async function mllpRoundTrip(destination: Destination, now: number): Promise<Pick<CheckFindings, 'connectFailure' | 'latencyMs'>> {
  const started = performance.now();
  const target = `${destination.host}:${destination.port}`;
  let client: MllpClient | undefined;
  try {
    const tls = destination.tlsEnabled ? { tls: { ...tlsOptions(destination), rejectUnauthorized: true } } : {};
    client = await MllpClient.connect({ host: destination.host ?? '', port: destination.port ?? 0, timeoutMs: PROBE_TIMEOUT_MS, connectTimeoutMs: PROBE_TIMEOUT_MS, ...tls });
    await client.send(probeMessage(now));
    return { latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { connectFailure: { code: 'MONITOR_ROUND_TRIP_FAILED', message: `no MLLP answer from ${target}: ${errorCode(error)}` } };
  } finally {
    client?.destroy();
  }
}

const AUTH_CODES = new Set(['OUTBOUND_TOKEN_REFUSED', 'OUTBOUND_TOKEN_INVALID_CLIENT', 'OUTBOUND_TOKEN_UNAUTHORIZED_CLIENT', 'OUTBOUND_TOKEN_INVALID_SCOPE', 'OUTBOUND_TOKEN_INVALID_GRANT', 'OUTBOUND_TOKEN_INVALID_REQUEST', 'OUTBOUND_TOKEN_UNSUPPORTED_GRANT', 'OUTBOUND_TOKEN_KEY_UNUSABLE', 'OUTBOUND_TOKEN_DISCOVERY_FAILED']);

/** GET [base]/metadata through the outbound FHIR sender (the fetch policy, the connector's auth and its OAuth token). */
export async function fhirMetadataProbe(sender: Pick<FhirRestSender, 'read'>, destination: Destination): Promise<Pick<CheckFindings, 'connectFailure' | 'latencyMs' | 'authFailure' | 'quotaExceeded'>> {
  const auth = fhirRestAuthOf(destination);
  if (!auth) return { authFailure: { code: 'MONITOR_AUTH_UNSUPPORTED', message: `auth mode ${destination.authMode} cannot be used for FHIR REST` } };
  const started = performance.now();
  const answer = await sender.read('metadata', { id: destination.id, baseUrl: baseUrlOf(destination), auth, timeoutMs: PROBE_TIMEOUT_MS, caCertificate: destination.auth?.caCertificate });
  const latencyMs = Math.round(performance.now() - started);
  if (answer.outcome === 'delivered') return { latencyMs };
  const failure: Finding = { code: answer.error?.code ?? 'MONITOR_FHIR_FAILED', message: answer.error?.message ?? 'the metadata read failed' };
  if (answer.status === 401 || answer.status === 403 || AUTH_CODES.has(failure.code)) return { latencyMs, authFailure: { code: 'MONITOR_AUTH_REFUSED', message: `${failure.message}${answer.status ? ` (HTTP ${answer.status})` : ''}` } };
  if (answer.status === 429) return { latencyMs, quotaExceeded: { code: 'MONITOR_QUOTA_EXCEEDED', message: 'the FHIR server answered 429 Too Many Requests' } };
  return { connectFailure: { code: 'MONITOR_FHIR_FAILED', message: `GET metadata: ${failure.message}` } };
}

/** When our own client certificate (the connector's auth config) stops being valid, if it has a readable one. */
export function credentialExpiry(destination: Pick<Destination, 'auth'>): number | undefined {
  const pem = destination.auth?.certificate;
  if (!pem) return undefined;
  try {
    return Date.parse(new X509Certificate(pem).validTo);
  } catch {
    return undefined;
  }
}
