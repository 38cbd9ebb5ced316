import { describe, expect, it } from 'vitest';
import { tokenRefusal } from './fhir-rest-auth';

describe('a token endpoint refusal', () => {
  it('names the RFC 6749 error in the code and is final for a 4xx', () => {
    expect(tokenRefusal(401, { error: 'invalid_client' })).toMatchObject({ outcome: 'dead', status: 401, error: { code: 'OUTBOUND_TOKEN_INVALID_CLIENT' } });
    expect(tokenRefusal(400, { error: 'invalid_scope' })).toMatchObject({ outcome: 'dead', error: { code: 'OUTBOUND_TOKEN_INVALID_SCOPE' } });
    expect(tokenRefusal(400, { error: 'something_else' })).toMatchObject({ outcome: 'dead', error: { code: 'OUTBOUND_TOKEN_REFUSED' } });
  });

  it('is worth another try for 429 and 5xx, and repeats no error text that is not an error code', () => {
    expect(tokenRefusal(503, undefined)).toMatchObject({ outcome: 'retry', error: { code: 'OUTBOUND_TOKEN_REFUSED' } });
    expect(tokenRefusal(429, { error: 'invalid_client' })).toMatchObject({ outcome: 'retry' });
    expect(tokenRefusal(400, { error: 'Patient Smith <script>' }).error?.message).toBe('The token endpoint answered 400 without an access token');
  });
});
