import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectorsRepo, type ConnectorsRepo, type NewConnectorRow } from './connectors-repo';
import { DEFAULT_TENANT_ID, openStore, type Store } from './open-store';

const connector = (id: string, name: string, over: Partial<NewConnectorRow> = {}): NewConnectorRow => ({
  id, tenantId: DEFAULT_TENANT_ID, externalSystemId: null, facilityId: 'F1', name, protocol: 'mllp', direction: 'outbound', host: '10.0.0.1', port: 2575,
  tlsEnabled: false, authMode: 'none', authConfigCipher: null, messageTypes: [], settings: {}, status: 'configured', version: 1, createdAt: 1, updatedAt: 1, ...over,
});

describe('connector constraints as AppError codes', () => {
  let dir: string;
  let store: Store;
  let repo: ConnectorsRepo;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-connectors-'));
    store = openStore({ file: join(dir, 'c.db') });
    repo = createConnectorsRepo(store.db);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers INTEROP_CONNECTOR_ALREADY_ACTIVE naming the holder when an update takes an active slot', () => {
    repo.insert(connector('CONN_A', 'a', { status: 'active' }));
    repo.insert(connector('CONN_B', 'b'));
    expect(() => repo.update('CONN_B', 1, { status: 'active' })).toThrow(expect.objectContaining({ kind: 'conflict', code: 'INTEROP_CONNECTOR_ALREADY_ACTIVE', details: { activeConnectorId: 'CONN_A' } }));
  });

  it('answers INTEROP_PORT_IN_USE naming the listener that holds the host and port', () => {
    repo.insert(connector('CONN_A', 'a', { direction: 'inbound', status: 'active' }));
    repo.insert(connector('CONN_B', 'b', { direction: 'inbound', facilityId: 'F2' }));
    expect(() => repo.update('CONN_B', 1, { status: 'active' })).toThrow(
      expect.objectContaining({ code: 'INTEROP_PORT_IN_USE', details: { host: '10.0.0.1', port: 2575, heldBy: { kind: 'connector', connectorId: 'CONN_A', name: 'a' } } }),
    );
  });

  it('answers INTEROP_CONNECTOR_NAME_TAKEN on an insert or an update that reuses a name', () => {
    repo.insert(connector('CONN_A', 'a'));
    repo.insert(connector('CONN_B', 'b'));
    expect(() => repo.insert(connector('CONN_C', 'a'))).toThrow(expect.objectContaining({ code: 'INTEROP_CONNECTOR_NAME_TAKEN' }));
    expect(() => repo.update('CONN_B', 1, { name: 'a' })).toThrow(expect.objectContaining({ code: 'INTEROP_CONNECTOR_NAME_TAKEN' }));
  });
});
