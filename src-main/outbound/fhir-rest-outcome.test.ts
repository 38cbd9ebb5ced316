import { describe, expect, it } from 'vitest';
import { fhirRestOutcome, retryAfterMs } from './fhir-rest-outcome';

const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('FHIR REST send outcomes', () => {
  it('counts 2xx as delivered, and 404 or 410 too for a DELETE only', () => {
    expect(fhirRestOutcome(200, 'POST', null, NOW).outcome).toBe('delivered');
    expect(fhirRestOutcome(201, 'PUT', null, NOW).outcome).toBe('delivered');
    expect(fhirRestOutcome(410, 'DELETE', null, NOW).outcome).toBe('delivered');
    expect(fhirRestOutcome(404, 'DELETE', null, NOW).outcome).toBe('delivered');
    expect(fhirRestOutcome(404, 'PUT', null, NOW).outcome).toBe('dead');
  });

  it('retries 408, 429 and 5xx, keeping the server’s Retry-After in seconds or as a date', () => {
    expect(fhirRestOutcome(429, 'POST', '7', NOW)).toMatchObject({ outcome: 'retry', retryAfterMs: 7000, error: { code: 'OUTBOUND_FHIR_THROTTLED' } });
    expect(fhirRestOutcome(408, 'POST', null, NOW)).toMatchObject({ outcome: 'retry', error: { code: 'OUTBOUND_FHIR_THROTTLED' } });
    expect(fhirRestOutcome(503, 'PUT', 'Sun, 06 Dec 2026 12:00:30 GMT', NOW)).toMatchObject({ outcome: 'retry', retryAfterMs: 30_000, error: { code: 'OUTBOUND_FHIR_SERVER_ERROR' } });
    expect(fhirRestOutcome(500, 'PUT', null, NOW).retryAfterMs).toBeUndefined();
  });

  it('dead-letters any other 4xx and a redirect, which sending again would not change', () => {
    expect(fhirRestOutcome(400, 'POST', null, NOW)).toMatchObject({ outcome: 'dead', status: 400, error: { code: 'OUTBOUND_FHIR_REFUSED' } });
    expect(fhirRestOutcome(412, 'PUT', '5', NOW)).toMatchObject({ outcome: 'dead', error: { code: 'OUTBOUND_FHIR_REFUSED' } });
    expect(fhirRestOutcome(422, 'POST', null, NOW).outcome).toBe('dead');
    expect(fhirRestOutcome(302, 'POST', null, NOW)).toMatchObject({ outcome: 'dead', error: { code: 'OUTBOUND_FHIR_REDIRECT' } });
  });

  it('reads Retry-After as seconds or an HTTP date and ignores anything else', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
  });
});
