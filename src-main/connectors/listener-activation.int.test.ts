import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { freePort } from '../../test/support/free-port';
import { closeListeningServer, holdPortInAnotherProcess, killProcess } from '../../test/support/port-holders';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { bootstrap } from '../bootstrap';

let seq = 0;
const listener = (port: number, overrides: Record<string, unknown> = {}) => ({ name: `Listener ${++seq}`, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port, ...overrides });
const body = (answer: { body: unknown }) => answer.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** True when a TCP connection to the port is accepted. */
const accepts = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

describe('activating an MLLP listener', () => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = httpTransport(engine.url as string);
  });
  afterAll(() => engine.dispose());

  it('answers once the listener is bound, and shows it listening', async () => {
    const port = await freePort();
    const created = body(await api.call('connectors.create', listener(port)));
    const activated = await api.call('connectors.activate', { id: created.id });
    expect(activated.status).toBe(200);
    expect(body(activated)).toMatchObject({ status: 'active', runtime: { state: 'listening', port, error: null } });
    expect(await accepts(port)).toBe(true);
  });

  it('refuses a second listener on the same host and port with 409 INTEROP_PORT_IN_USE naming the first, whatever the facility', async () => {
    const port = await freePort();
    const first = body(await api.call('connectors.create', listener(port, { facilityId: 'NORTH' })));
    const second = body(await api.call('connectors.create', listener(port, { facilityId: 'SOUTH' })));
    expect((await api.call('connectors.activate', { id: first.id })).status).toBe(200);

    const refused = await api.call('connectors.activate', { id: second.id });
    expect(refused.status).toBe(409);
    expect(body(refused).error).toMatchObject({ code: 'INTEROP_PORT_IN_USE', details: { port, heldBy: { kind: 'connector', connectorId: first.id, name: first.name } } });
    expect(body(refused).error.message).toContain(`"${first.name}"`);
    expect(body(await api.call('connectors.get', { id: second.id }))).toMatchObject({ status: 'configured', runtime: null });
  });

  it('names the connector whose listener on all interfaces holds the port when another asks for one address', async () => {
    const port = await freePort();
    const wide = body(await api.call('connectors.create', listener(port, { host: '0.0.0.0' })));
    const narrow = body(await api.call('connectors.create', listener(port)));
    expect((await api.call('connectors.activate', { id: wide.id })).status).toBe(200);

    const refused = await api.call('connectors.activate', { id: narrow.id });
    expect(refused.status).toBe(409);
    expect(body(refused).error).toMatchObject({ code: 'INTEROP_PORT_IN_USE', details: { heldBy: { kind: 'connector', connectorId: wide.id } } });
    expect(body(await api.call('connectors.get', { id: narrow.id })).status).toBe('configured');
  });

  it('refuses with 409 INTEROP_PORT_IN_USE naming another process when a program outside the engine holds the port, and stays not active', async () => {
    const port = await freePort();
    const holder = await holdPortInAnotherProcess(port);
    try {
      const created = body(await api.call('connectors.create', listener(port)));
      const refused = await api.call('connectors.activate', { id: created.id });
      expect(refused.status).toBe(409);
      expect(body(refused).error).toMatchObject({ code: 'INTEROP_PORT_IN_USE', details: { port, heldBy: { kind: 'process' } } });
      expect(body(refused).error.message).toMatch(/already in use by another process/);
      expect(body(await api.call('connectors.get', { id: created.id }))).toMatchObject({ status: 'configured', runtime: null, version: 1 });
      expect(body(await api.call('connectors.list', { status: 'active', q: created.name })).total).toBe(0);
    } finally {
      await killProcess(holder);
    }
  });

  it('shows a listener that stops listening later as failed, with the reason, while the connector stays active', async () => {
    const port = await freePort();
    const created = body(await api.call('connectors.create', listener(port)));
    await api.call('connectors.activate', { id: created.id });

    await closeListeningServer(port);
    await expect.poll(async () => body(await api.call('connectors.get', { id: created.id })).runtime?.state).toBe('failed');
    const failing = body(await api.call('connectors.get', { id: created.id }));
    expect(failing).toMatchObject({ status: 'active', runtime: { state: 'failed', port: null, error: expect.stringMatching(/stopped listening/) }, lastError: expect.stringMatching(/stopped listening/) });
    const listed = body(await api.call('connectors.list', { q: created.name })).data[0];
    expect(listed.runtime.state).toBe('failed');

    expect((await api.call('connectors.deactivate', { id: created.id })).status).toBe(200);
    const again = await api.call('connectors.activate', { id: created.id });
    expect(body(again)).toMatchObject({ status: 'active', runtime: { state: 'listening' }, lastError: null });
  });
});

describe('an engine starting with an active listener whose port is taken', () => {
  it('shows the connector as failed, naming the reason, instead of active and fine', async () => {
    const first = await startTempEngine();
    const port = await freePort();
    const api = httpTransport(first.url as string);
    const created = body(await api.call('connectors.create', listener(port)));
    expect((await api.call('connectors.activate', { id: created.id })).status).toBe(200);
    await first.stop();

    const holder = await holdPortInAnotherProcess(port);
    const again = await bootstrap({ dataDir: first.dataDir, http: { host: '127.0.0.1', port: 0 } });
    try {
      const shown = body(await httpTransport(again.url as string).call('connectors.get', { id: created.id }));
      expect(shown).toMatchObject({ status: 'active', runtime: { state: 'failed', error: expect.stringMatching(/already in use by another process/) } });
    } finally {
      await killProcess(holder);
      await again.stop();
      await first.dispose();
    }
  });
});
