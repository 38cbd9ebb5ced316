import { beforeEach, describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createConnectorsRepo, type ConnectorsRepo, type NewConnectorRow } from './connectors-repo';
import { DEFAULT_TENANT_ID } from './open-store';

const connector = (id: string, name: string, over: Partial<NewConnectorRow> = {}): NewConnectorRow => ({
  id, tenantId: DEFAULT_TENANT_ID, externalSystemId: null, facilityId: 'F1', name, protocol: 'mllp', direction: 'outbound', host: '10.0.0.1', port: 2575,
  tlsEnabled: false, authMode: 'none', authConfigCipher: null, messageTypes: [], settings: {}, status: 'configured', version: 1, createdAt: 1, updatedAt: 1, ...over,
});

describe('connector constraints as AppError codes', () => {
  const store = useTempStore();
  let repo: ConnectorsRepo;
  beforeEach(() => {
    repo = createConnectorsRepo(store().db);
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
