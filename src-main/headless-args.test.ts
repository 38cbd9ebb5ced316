import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from './headless-args';

describe('headless arguments', () => {
  it('defaults to loopback, port 7300 and ./data', () => {
    expect(parseHeadlessArgs([], {})).toEqual({ ok: true, args: { host: '127.0.0.1', port: 7300, dataDir: 'data', accessToken: undefined } });
  });

  it('accepts port 0 and a data dir', () => {
    const parsed = parseHeadlessArgs(['--port', '0', '--data-dir', '/tmp/x'], {});
    expect(parsed).toMatchObject({ ok: true, args: { port: 0, dataDir: '/tmp/x' } });
  });

  it('rejects a port that is not a number in range', () => {
    expect(parseHeadlessArgs(['--port', '70000'], {})).toMatchObject({ ok: false, message: expect.stringContaining('--port') });
    expect(parseHeadlessArgs(['--port', 'abc'], {})).toMatchObject({ ok: false });
  });

  it('rejects an option given without its value and unknown options', () => {
    expect(parseHeadlessArgs(['--port'], {})).toMatchObject({ ok: false });
    expect(parseHeadlessArgs(['--colour', 'blue'], {})).toMatchObject({ ok: false, message: expect.stringContaining('colour') });
  });

  it('refuses a non-loopback host without an access token', () => {
    expect(parseHeadlessArgs(['--host', '0.0.0.0'], {})).toMatchObject({ ok: false, message: expect.stringContaining('access token') });
  });

  it('allows a non-loopback host with a token from the environment', () => {
    const parsed = parseHeadlessArgs(['--host', '0.0.0.0'], { INTEROP_ACCESS_TOKEN: 'a-long-enough-token-1234' });
    expect(parsed).toMatchObject({ ok: true, args: { host: '0.0.0.0', accessToken: 'a-long-enough-token-1234' } });
  });

  it('takes server names from repeated --server-name flags or from INTEROP_SERVER_NAMES, the flags winning', () => {
    expect(parseHeadlessArgs(['--server-name', 'interop.clinic.example', '--server-name', '192.168.1.20'], {})).toMatchObject({ ok: true, args: { serverNames: ['interop.clinic.example', '192.168.1.20'] } });
    expect(parseHeadlessArgs([], { INTEROP_SERVER_NAMES: 'a.example, b.example,,::1' })).toMatchObject({ ok: true, args: { serverNames: ['a.example', 'b.example', '::1'] } });
    expect(parseHeadlessArgs(['--server-name', 'flag.example'], { INTEROP_SERVER_NAMES: 'env.example' })).toMatchObject({ ok: true, args: { serverNames: ['flag.example'] } });
  });

  it('refuses a server name with a port, a path or a wildcard', () => {
    for (const name of ['interop.example:7300', '[::1]:7300', 'interop.example/x', '*.example']) {
      expect(parseHeadlessArgs(['--server-name', name], {})).toMatchObject({ ok: false, message: expect.stringContaining('--server-name') });
    }
  });

  it('refuses a short token', () => {
    expect(parseHeadlessArgs(['--token', 'short'], {})).toMatchObject({ ok: false, message: expect.stringContaining('16') });
  });

  it('takes the terminology server from the flag or the environment, and its Authorization value from the environment only', () => {
    expect(parseHeadlessArgs(['--terminology-server', 'https://tx.example.org/r4/'], {})).toMatchObject({ ok: true, args: { terminologyServer: { url: 'https://tx.example.org/r4', authorization: undefined } } });
    const fromEnv = parseHeadlessArgs([], { INTEROP_TERMINOLOGY_SERVER: 'http://127.0.0.1:8080/fhir', INTEROP_TERMINOLOGY_AUTHORIZATION: 'Bearer abc' });
    expect(fromEnv).toMatchObject({ ok: true, args: { terminologyServer: { url: 'http://127.0.0.1:8080/fhir', authorization: 'Bearer abc' } } });
    const flagWins = parseHeadlessArgs(['--terminology-server', 'https://a.example/r4'], { INTEROP_TERMINOLOGY_SERVER: 'https://b.example/r4' });
    expect(flagWins).toMatchObject({ ok: true, args: { terminologyServer: { url: 'https://a.example/r4' } } });
  });

  it('refuses a terminology server that is not an http(s) URL or carries credentials, without echoing it', () => {
    expect(parseHeadlessArgs(['--terminology-server', 'tx.fhir.org'], {})).toMatchObject({ ok: false, message: expect.stringContaining('http(s) URL') });
    expect(parseHeadlessArgs(['--terminology-server', 'ftp://tx.example.org'], {})).toMatchObject({ ok: false, message: expect.stringContaining('http(s) URL') });
    const withCredentials = parseHeadlessArgs(['--terminology-server', 'https://user:s3cret@tx.example.org/r4'], {});
    expect(withCredentials).toMatchObject({ ok: false, message: expect.stringContaining('INTEROP_TERMINOLOGY_AUTHORIZATION') });
    expect(JSON.stringify(withCredentials)).not.toContain('s3cret');
  });

  it('refuses an Authorization value for the terminology server when no server is set', () => {
    expect(parseHeadlessArgs([], { INTEROP_TERMINOLOGY_AUTHORIZATION: 'Bearer abc' })).toMatchObject({ ok: false, message: expect.stringContaining('no terminology server') });
  });
});

describe('the fetch allow-list', () => {
  it('reads HOST and HOST:PORT entries from repeated --allow-fetch flags, or from INTEROP_FETCH_ALLOW', () => {
    expect(parseHeadlessArgs(['--allow-fetch', 'lis.local:8080,127.0.0.1', '--allow-fetch', '[::1]:9000'], {})).toMatchObject({
      ok: true,
      args: { fetchAllow: [{ host: 'lis.local', port: 8080 }, { host: '127.0.0.1' }, { host: '::1', port: 9000 }] },
    });
    expect(parseHeadlessArgs([], { INTEROP_FETCH_ALLOW: 'files.clinic.lan:443' })).toMatchObject({ ok: true, args: { fetchAllow: [{ host: 'files.clinic.lan', port: 443 }] } });
  });

  it('refuses a malformed entry with a message naming it', () => {
    for (const entry of ['http://x', 'host:0', 'host:70000', 'a b', '[zz]:80']) {
      const parsed = parseHeadlessArgs(['--allow-fetch', entry], {});
      expect(parsed.ok, entry).toBe(false);
      expect(parsed, entry).toMatchObject({ message: expect.stringContaining('--allow-fetch') });
    }
  });

  it('takes a TLS certificate and key as a pair, from flags or the environment', () => {
    expect(parseHeadlessArgs(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], {})).toMatchObject({ ok: true, args: { tls: { certFile: 'c.pem', keyFile: 'k.pem' } } });
    expect(parseHeadlessArgs([], { INTEROP_TLS_CERT: 'c.pem', INTEROP_TLS_KEY: 'k.pem' })).toMatchObject({ ok: true, args: { tls: { certFile: 'c.pem', keyFile: 'k.pem' } } });
    expect(parseHeadlessArgs(['--tls-cert', 'c.pem'], {})).toMatchObject({ ok: false, message: expect.stringContaining('--tls-key') });
  });

  it('takes --create-admin with a username, never a password', () => {
    expect(parseHeadlessArgs(['--create-admin', 'alice'], {})).toMatchObject({ ok: true, args: { createAdmin: 'alice' } });
    expect(parseHeadlessArgs(['--create-admin', 'alice', '--password', 'x'], {})).toMatchObject({ ok: false });
  });
});
