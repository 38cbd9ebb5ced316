import { describe, expect, it } from 'vitest';
import { AccessTokenStore } from './access-token';
import { buildRequest, createHttpTransport } from './http-transport';

class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}
const tokenStore = () => new AccessTokenStore(new MemoryStorage() as unknown as Storage);

describe('buildRequest', () => {
  it('puts path parameters in the path and the rest in a JSON body for POST', () => {
    expect(buildRequest('connectors.activate', { id: 'CONN_01' })).toEqual({ method: 'POST', url: '/api/v1/connectors/CONN_01/activate', body: '{}' });
    expect(buildRequest('connectors.update', { id: 'CONN_01', version: 3, name: 'x' })).toEqual({ method: 'PATCH', url: '/api/v1/connectors/CONN_01', body: '{"version":3,"name":"x"}' });
    expect(buildRequest('connectors.delete', { id: 'CONN_01' })).toEqual({ method: 'DELETE', url: '/api/v1/connectors/CONN_01' });
  });

  it('sends GET input as a query string and leaves unset filters out', () => {
    expect(buildRequest('connectors.list', { page: 2, pageSize: 25, status: 'active', q: '', protocol: undefined })).toEqual({ method: 'GET', url: '/api/v1/connectors?page=2&pageSize=25&status=active' });
    expect(buildRequest('system.health', {})).toEqual({ method: 'GET', url: '/api/v1/health' });
  });

  it('encodes path parameters and refuses a call without them', () => {
    expect(buildRequest('connectors.get', { id: 'a/b' }).url).toBe('/api/v1/connectors/a%2Fb');
    expect(() => buildRequest('connectors.get', {} as { id: string })).toThrow('connectors.get needs "id"');
  });
});

describe('http transport', () => {
  it('reads the error envelope, asks for a token on 401 and sends the token once given', async () => {
    const tokens = tokenStore();
    const seen: (string | undefined)[] = [];
    const transport = createHttpTransport({
      baseUrl: 'http://engine',
      tokens,
      fetch: async (_url, init) => {
        const auth = (init?.headers as Record<string, string>).Authorization;
        seen.push(auth);
        if (!auth) return new Response(JSON.stringify({ error: { code: 'INTEROP_UNAUTHORIZED', message: 'token please' } }), { status: 401 });
        return new Response(null, { status: 204 });
      },
    });
    expect(await transport.call('connectors.delete', { id: 'CONN_01' })).toEqual({ ok: false, status: 401, error: { code: 'INTEROP_UNAUTHORIZED', message: 'token please' } });
    expect(tokens.getState().required).toBe(true);
    tokens.setToken('t0ken');
    expect(await transport.call('connectors.delete', { id: 'CONN_01' })).toEqual({ ok: true, value: null });
    expect(seen).toEqual([undefined, 'Bearer t0ken']);
  });

  it('answers status 0 when the engine cannot be reached, and a readable error for a non-JSON failure', async () => {
    const down = createHttpTransport({ baseUrl: '', tokens: tokenStore(), fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await down.call('system.health', {})).toMatchObject({ ok: false, status: 0, error: { code: 'INTEROP_UNREACHABLE' } });
    const proxy = createHttpTransport({ baseUrl: '', tokens: tokenStore(), fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }) });
    expect(await proxy.call('system.health', {})).toEqual({ ok: false, status: 502, error: { code: 'HTTP_502', message: '502 Bad Gateway' } });
  });

  it('fetches an engine file with the token and reads a FHIR OperationOutcome as the failure message', async () => {
    const tokens = tokenStore();
    tokens.setToken('t0ken');
    const seen: string[] = [];
    const transport = createHttpTransport({
      baseUrl: 'http://engine',
      tokens,
      fetch: async (url, init) => {
        seen.push(`${String(url)} ${(init?.headers as Record<string, string>).Authorization}`);
        if (String(url).endsWith('/Patient')) return new Response('{"resourceType":"Patient"}\n', { status: 200 });
        return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'The links have expired' }] }), { status: 404, statusText: 'Not Found' });
      },
    });
    const file = await transport.fetchFile?.('/fhir/R4/$export-file/BEX_1/Patient');
    expect(file?.ok && (await file.value.text())).toBe('{"resourceType":"Patient"}\n');
    expect(await transport.fetchFile?.('/fhir/R4/$export-file/BEX_1/Observation')).toEqual({ ok: false, status: 404, error: { code: 'HTTP_404', message: 'The links have expired' } });
    expect(seen).toEqual(['http://engine/fhir/R4/$export-file/BEX_1/Patient Bearer t0ken', 'http://engine/fhir/R4/$export-file/BEX_1/Observation Bearer t0ken']);
  });
});
