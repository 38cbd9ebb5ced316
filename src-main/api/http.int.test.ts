import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

describe('HTTP transport', () => {
  let engine: TempEngine;
  let base: string;
  beforeAll(async () => {
    engine = await startTempEngine();
    base = engine.url as string;
  });
  afterAll(() => engine.dispose());

  it('answers malformed JSON with 400 and the error envelope', async () => {
    const response = await fetch(`${base}api/v1/connectors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'INTEROP_BAD_REQUEST', message: 'The request body is not valid JSON' } });
  });

  it('answers an unknown API route with 404 and the error envelope', async () => {
    const response = await fetch(`${base}api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('INTEROP_ROUTE_NOT_FOUND');
  });

  it('sends security headers', async () => {
    const response = await fetch(`${base}api/v1/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('streams change events to server-sent-event subscribers', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}api/v1/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const created = await fetch(`${base}api/v1/connectors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'events', protocol: 'mllp', direction: 'inbound', port: 2100 }) });
    const { id } = await created.json();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(text.replace(/^data: /, '').trim())).toEqual({ topic: 'connectors', id });
    controller.abort();
  });
});

describe('HTTP transport with an access token', () => {
  let engine: TempEngine;
  const token = 'test-token-0123456789abcdef';
  beforeAll(async () => {
    engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, accessToken: token } });
  });
  afterAll(() => engine.dispose());

  it('refuses API calls without the token with 401', async () => {
    const response = await fetch(`${engine.url}api/v1/connectors`);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('INTEROP_UNAUTHORIZED');
    const wrong = await fetch(`${engine.url}api/v1/connectors`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect(wrong.status).toBe(401);
  });

  it('serves API calls that carry the token, and health without it', async () => {
    const response = await fetch(`${engine.url}api/v1/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect((await fetch(`${engine.url}api/v1/health`)).status).toBe(200);
  });
});

describe('engine start', () => {
  it('refuses a non-loopback bind without an access token', async () => {
    await expect(startTempEngine({ http: { host: '0.0.0.0', port: 0 } })).rejects.toMatchObject({ code: 'INTEROP_AUTH_REQUIRED' });
  });
});
