import { describe, expect, it } from 'vitest';
import { accessTokenAuthenticator, authenticate } from './http-auth';
import { checkRequest, hostNames, hostnameOf, isAllowedHostname, needsCredentials, surfaceOf, type GuardRequest } from './http-guard';

const request = (overrides: Partial<GuardRequest> = {}): GuardRequest => ({
  method: 'GET',
  url: '/api/v1/connectors',
  access: 'token',
  host: '127.0.0.1:7300',
  origin: undefined,
  secFetchSite: undefined,
  ...overrides,
});
const open = { hostNames: hostNames('127.0.0.1', [], []) };
const token = 'guard-token-0123456789abcdef';

describe('hostnameOf', () => {
  it('reads the host name without its port, lower-cased, IPv6 in brackets, IPv4 in dotted form', () => {
    expect(hostnameOf('LocalHost:7300')).toBe('localhost');
    expect(hostnameOf('[0:0:0:0:0:0:0:1]:80')).toBe('[::1]');
    expect(hostnameOf('127.1')).toBe('127.0.0.1');
  });

  it('refuses values that are not a host, such as userinfo tricks, paths or an empty header', () => {
    for (const value of ['evil@localhost', 'localhost/x', 'local host', '', 'localhost:99999999', undefined]) expect(hostnameOf(value)).toBeUndefined();
  });
});

describe('isAllowedHostname', () => {
  const names = hostNames('0.0.0.0', ['192.168.1.20', 'fe80::1%eth0', '::1'], ['Interop.Clinic.Example']);

  it('allows loopback names, the bound address, interface addresses of a wildcard bind and server names', () => {
    for (const name of ['localhost', 'console.localhost', '127.0.0.1', '127.255.0.9', '[::1]', '0.0.0.0', '192.168.1.20', 'interop.clinic.example']) expect(isAllowedHostname(name, names)).toBe(true);
  });

  it('refuses other names, including ones that merely contain an allowed name', () => {
    for (const name of ['attacker.example', 'localhost.attacker.example', 'interop.clinic.example.attacker.example', '192.168.1.21']) expect(isAllowedHostname(name, names)).toBe(false);
  });

  it('takes only the bound address, not interface addresses, when bound to one address', () => {
    expect(hostNames('192.168.1.20', ['10.0.0.5'], [])).toEqual(new Set(['192.168.1.20']));
  });
});

describe('surfaceOf', () => {
  it('sees API and FHIR paths however they are spelled', () => {
    for (const url of ['/api/v1/x', '/%61pi/v1/x', '//api/v1/x', '/API/v1/x', '/x/../api/v1', '/x/..%2fapi/v1', '/%2561pi/v1', '/\\api/v1', '/api', '/api?x=1', 'http://evil/api', '/%E0%A4%A']) expect({ url, surface: surfaceOf(url) }).toEqual({ url, surface: 'api' });
    expect(surfaceOf('/%66hir/R4/Patient')).toBe('fhir');
  });

  it('leaves console paths as console paths', () => {
    expect(surfaceOf('/')).toBe('console');
    expect(surfaceOf('/assets/app.js')).toBe('console');
    expect(surfaceOf('/apis-and-more')).toBe('console');
  });
});

describe('checkRequest', () => {
  it('lets loopback requests without a token through when no token is set', () => {
    expect(checkRequest(request(), open)).toBeUndefined();
    expect(checkRequest(request({ method: 'POST', origin: 'http://127.0.0.1:7300' }), open)).toBeUndefined();
  });

  it('refuses a foreign Host before anything else, even on public routes', () => {
    expect(checkRequest(request({ host: 'attacker.example:7300', access: 'public' }), open)).toMatchObject({ status: 421, code: 'INTEROP_HOST_NOT_ALLOWED' });
    expect(checkRequest(request({ host: undefined }), open)).toMatchObject({ status: 421 });
  });

  it('refuses writes from another origin, an opaque origin or a cross-site fetch, but not reads', () => {
    expect(checkRequest(request({ method: 'POST', origin: 'http://evil.example' }), open)).toMatchObject({ status: 403, code: 'INTEROP_CROSS_ORIGIN_REFUSED' });
    expect(checkRequest(request({ method: 'DELETE', origin: 'null' }), open)).toMatchObject({ status: 403 });
    expect(checkRequest(request({ method: 'PUT', origin: 'http://127.0.0.1:7301' }), open)).toMatchObject({ status: 403 });
    expect(checkRequest(request({ method: 'PATCH', secFetchSite: 'same-site' }), open)).toMatchObject({ status: 403 });
    expect(checkRequest(request({ method: 'POST', secFetchSite: 'same-origin' }), open)).toBeUndefined();
    expect(checkRequest(request({ method: 'GET', origin: 'http://evil.example' }), open)).toBeUndefined();
  });

  it('needs credentials on every route but public ones, and on unmatched paths that could be API paths', () => {
    expect(needsCredentials(request())).toBe(true);
    expect(needsCredentials(request({ access: 'public' }))).toBe(false);
    expect(needsCredentials(request({ access: undefined, url: '/API/v1/connectors' }))).toBe(true);
    expect(needsCredentials(request({ access: undefined, url: '/connectors' }))).toBe(false);
    expect(needsCredentials(request({ access: undefined, url: '/connectors', method: 'POST' }))).toBe(true);
  });
});

describe('authenticate', () => {
  const credentials = (bearer: string | undefined) => ({ bearer, cookie: undefined, remoteAddress: '127.0.0.1' });

  it('knows the access token as an administrator of every tenant, and leaves any other bearer to the next authenticator', async () => {
    const chain = [accessTokenAuthenticator(token)];
    expect(await authenticate(chain, credentials(token))).toMatchObject({ kind: 'access-token', scopes: ['svc:interop:admin'], tenantId: undefined });
    expect(await authenticate(chain, credentials(`${token}x`))).toBeUndefined();
    expect(await authenticate(chain, credentials(undefined))).toBeUndefined();
  });
});
