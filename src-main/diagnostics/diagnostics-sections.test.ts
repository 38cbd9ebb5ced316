import { describe, expect, it } from 'vitest';
import { withoutSecrets } from './diagnostics-sections';

describe('diagnostics sections', () => {
  it('drops every key that names a credential at any depth, keeping the rest of the configuration', () => {
    expect(
      withoutSecrets({
        remoteDir: '/in',
        password: 'p',
        nested: { clientSecret: 's', apiKey: 'k', accessToken: 't', privateKeyPem: 'x', authConfig: { a: 1 }, pollIntervalSeconds: 60 },
        list: [{ passphrase: 'q', name: 'kept' }],
      }),
    ).toEqual({ remoteDir: '/in', nested: { pollIntervalSeconds: 60 }, list: [{ name: 'kept' }] });
  });
});
