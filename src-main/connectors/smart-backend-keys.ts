import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SmartBackendAlgorithm } from '../../src-shared';
import { validationFailed } from '../core/errors';

/** The JWK members RFC 7638 hashes for a key's thumbprint, in their lexicographic order. */
const THUMBPRINT_MEMBERS: Record<string, readonly string[]> = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'] };

/** RFC 7638 thumbprint (SHA-256, base64url) of a public JWK: the key id when the operator names none. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = THUMBPRINT_MEMBERS[jwk.kty ?? ''] ?? [];
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m as keyof JsonWebKey])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

function generated(algorithm: SmartBackendAlgorithm): KeyObject {
  return algorithm === 'RS384' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
}

/** The operator's PEM as a private key fit for the algorithm (RSA of 2048 bits or more for RS384, P-384 for ES384). */
function supplied(pem: string, algorithm: SmartBackendAlgorithm): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw validationFailed([{ path: 'authConfig.privateKey', message: 'is not a readable PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted)' }]);
  }
  const details = key.asymmetricKeyDetails;
  const fits = algorithm === 'RS384' ? key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048 : key.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1';
  if (!fits) throw validationFailed([{ path: 'authConfig.privateKey', message: algorithm === 'RS384' ? 'must be an RSA key of at least 2048 bits for RS384' : 'must be a P-384 EC key for ES384' }]);
  return key;
}

/**
 * A SMART Backend Services connector's auth config made whole: without a `privateKey` the engine
 * generates a key pair (RS384: RSA 2048, ES384: P-384); the key is kept as PKCS#8 PEM (encrypted with
 * the rest of the auth config, never shown), `keyId` defaults to the public key's thumbprint, and
 * `publicJwks` is the public key set the FHIR server's app registration takes. Other modes pass through.
 */
export function withSmartBackendKeys(authMode: string, auth: Record<string, string> | null): Record<string, string> | null {
  if (authMode !== 'smart-backend') return auth;
  const config = { ...(auth ?? {}) };
  const algorithm = SmartBackendAlgorithm.safeParse(config.algorithm ?? 'RS384');
  if (!algorithm.success) throw validationFailed([{ path: 'authConfig.algorithm', message: 'must be RS384 or ES384' }]);
  const key = config.privateKey ? supplied(config.privateKey, algorithm.data) : generated(algorithm.data);
  const publicJwk = createPublicKey(key).export({ format: 'jwk' });
  const keyId = config.keyId?.trim() || jwkThumbprint(publicJwk);
  return {
    ...config,
    algorithm: algorithm.data,
    keyId,
    privateKey: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwks: JSON.stringify({ keys: [{ ...publicJwk, kid: keyId, alg: algorithm.data, use: 'sig' }] }),
  };
}
