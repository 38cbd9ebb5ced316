import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { withSmartBackendKeys } from './smart-backend-keys';

const keysOf = (config: Record<string, string> | null) => JSON.parse(config?.publicJwks ?? '{}') as { keys: Record<string, string>[] };

describe('SMART Backend Services key material on a connector', () => {
  it('generates an RS384 key pair when none is given, its key id the RFC 7638 thumbprint and its JWKS public only', async () => {
    const config = withSmartBackendKeys('smart-backend', { clientId: 'app' });
    const [jwk] = keysOf(config).keys;
    expect(config).toMatchObject({ clientId: 'app', algorithm: 'RS384', privateKey: expect.stringContaining('BEGIN PRIVATE KEY') });
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS384', use: 'sig', kid: config?.keyId });
    expect(config?.keyId).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: jwk?.n, e: jwk?.e }, 'sha256'));
    expect(jwk).not.toHaveProperty('d');
  });

  it('keeps an operator-supplied P-384 key and key id for ES384, deriving the same JWKS on every save', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const first = withSmartBackendKeys('smart-backend', { clientId: 'app', algorithm: 'ES384', keyId: 'site-key-1', privateKey: pem });
    expect(first).toMatchObject({ keyId: 'site-key-1', privateKey: pem });
    expect(keysOf(first).keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', kid: 'site-key-1', alg: 'ES384' });
    expect(withSmartBackendKeys('smart-backend', first)?.publicJwks).toBe(first?.publicJwks);
  });

  it('refuses a key that does not fit the algorithm, an unreadable PEM and an unknown algorithm as validation errors on the field', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => withSmartBackendKeys('smart-backend', { clientId: 'app', algorithm: 'ES384', privateKey: rsa })).toThrow(expect.objectContaining({ code: 'INTEROP_VALIDATION_FAILED', details: { fields: { 'authConfig.privateKey': [expect.any(String)] } } }));
    expect(() => withSmartBackendKeys('smart-backend', { clientId: 'app', privateKey: 'not a key' })).toThrow(expect.objectContaining({ code: 'INTEROP_VALIDATION_FAILED' }));
    expect(() => withSmartBackendKeys('smart-backend', { clientId: 'app', algorithm: 'HS256' })).toThrow(expect.objectContaining({ code: 'INTEROP_VALIDATION_FAILED' }));
  });

  it('leaves every other auth mode as it is', () => {
    const config = { tokenUrl: 'https://t', clientId: 'c', clientSecret: 's' };
    expect(withSmartBackendKeys('oauth2', config)).toBe(config);
  });
});
