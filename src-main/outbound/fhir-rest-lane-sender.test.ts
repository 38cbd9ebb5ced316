import { describe, expect, it } from 'vitest';
import { baseUrlOf, fhirRestAuthOf, laneOutcome } from './fhir-rest-lane-sender';
import { attemptEnd, DEFAULT_OUTBOUND_RETRY_POLICY } from './lane-drainer';
import { ruleDestination } from './upstream-write';

describe('the fhir-rest sender of the lanes', () => {
  it('builds the base URL from the connector: https with TLS, the host, the port and the base path (default /fhir)', () => {
    expect(baseUrlOf({ host: 'fhir.hie.example', port: 443, tlsEnabled: true, settings: {} })).toBe('https://fhir.hie.example:443/fhir');
    expect(baseUrlOf({ host: '127.0.0.1', port: 8080, tlsEnabled: false, settings: { basePath: '/fhir/R4' } })).toBe('http://127.0.0.1:8080/fhir/R4');
    expect(baseUrlOf({ host: '::1', port: 8080, tlsEnabled: false, settings: { basePath: '/baseR4' } })).toBe('http://[::1]:8080/baseR4');
  });

  it("sends a routing rule's queued writes to its service URL as given", () => {
    for (const serviceUrl of ['https://ehr.example/fhir/R4', 'http://127.0.0.1:8080/fhir/R4/', 'http://[::1]:9000/']) {
      const destination = ruleDestination({ id: 'FRR_1', serviceUrl, version: 1 });
      expect(destination && baseUrlOf(destination)).toBe(serviceUrl.replace(/\/$/, ''));
    }
    expect(ruleDestination({ id: 'FRR_1', serviceUrl: null, version: 1 })).toBeUndefined();
  });

  it('takes the auth mode and decrypted config of the connector, and no mode a FHIR server does not use', () => {
    expect(fhirRestAuthOf({ authMode: 'oauth2', auth: { tokenUrl: 'https://a/token', clientId: 'c', clientSecret: 's', scope: 'system/*.write' } })).toEqual({ mode: 'oauth2', tokenUrl: 'https://a/token', clientId: 'c', clientSecret: 's', scope: 'system/*.write' });
    expect(fhirRestAuthOf({ authMode: 'api-key', auth: { apiKey: 'k' } })).toEqual({ mode: 'api-key', apiKey: 'k' });
    expect(fhirRestAuthOf({ authMode: 'basic', auth: { username: 'u', password: 'p' } })).toEqual({ mode: 'basic', username: 'u', password: 'p' });
    expect(fhirRestAuthOf({ authMode: 'none', auth: null })).toEqual({ mode: 'none' });
    expect(fhirRestAuthOf({ authMode: 'shared-secret', auth: { secret: 'x' } })).toBeUndefined();
  });

  it('shows an unreachable server as offline, keeps a 5xx counting towards dead, and records the HTTP status', () => {
    expect(laneOutcome({ outcome: 'retry', error: { code: 'OUTBOUND_FHIR_UNREACHABLE', message: 'down' } })).toMatchObject({ outcome: 'retry', offline: true });
    expect(laneOutcome({ outcome: 'retry', status: 503, error: { code: 'OUTBOUND_FHIR_SERVER_ERROR', message: '503' } })).not.toHaveProperty('offline');
    expect(laneOutcome({ outcome: 'delivered', status: 200 })).toEqual({ outcome: 'delivered', ackCode: '200' });
    expect(laneOutcome({ outcome: 'dead', status: 400, error: { code: 'OUTBOUND_FHIR_REFUSED', message: '400' } })).toMatchObject({ outcome: 'dead', failure: { kind: 'unprocessable', code: 'OUTBOUND_FHIR_REFUSED' } });
  });

  it('waits at least the Retry-After the server asked for before the next attempt', () => {
    const throttled = laneOutcome({ outcome: 'retry', status: 429, retryAfterMs: 120_000, error: { code: 'OUTBOUND_FHIR_THROTTLED', message: '429' } });
    const policy = { ...DEFAULT_OUTBOUND_RETRY_POLICY, jitter: 0 };
    expect(attemptEnd(throttled, 1, policy, 5, 1_000).nextAttemptAt).toBe(121_000);
    expect(attemptEnd({ ...throttled, retryAfterMs: 10 }, 1, policy, 5, 1_000).nextAttemptAt).toBe(2_000);
  });
});
