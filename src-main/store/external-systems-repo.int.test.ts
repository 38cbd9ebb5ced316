import { beforeEach, describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createConnectorsRepo } from './connectors-repo';
import { createExternalSystemsRepo, type ExternalSystemsRepo, type NewExternalSystemRow } from './external-systems-repo';
import { DEFAULT_TENANT_ID } from './open-store';

const system = (id: string, name: string): NewExternalSystemRow => ({
  id, tenantId: DEFAULT_TENANT_ID, name, kind: 'lis', description: null, contact: null, status: 'active', version: 1, createdAt: 1, updatedAt: 1,
});

describe('external system constraints as AppError codes', () => {
  const store = useTempStore();
  let repo: ExternalSystemsRepo;
  beforeEach(() => {
    repo = createExternalSystemsRepo(store().db);
  });

  it('answers INTEROP_EXTERNAL_SYSTEM_NAME_TAKEN on an insert or an update that reuses a name', () => {
    repo.insert(system('EXT_A', 'a'));
    repo.insert(system('EXT_B', 'b'));
    const taken = expect.objectContaining({ kind: 'conflict', code: 'INTEROP_EXTERNAL_SYSTEM_NAME_TAKEN' });
    expect(() => repo.insert(system('EXT_C', 'a'))).toThrow(taken);
    expect(() => repo.update('EXT_B', 1, { name: 'a' })).toThrow(taken);
  });

  it('answers INTEROP_EXTERNAL_SYSTEM_IN_USE when a connector still refers to the system', () => {
    repo.insert(system('EXT_A', 'a'));
    createConnectorsRepo(store().db).insert({
      id: 'CONN_A', tenantId: DEFAULT_TENANT_ID, externalSystemId: 'EXT_A', facilityId: null, name: 'c', protocol: 'mllp', direction: 'outbound', host: 'h', port: 1,
      tlsEnabled: false, authMode: 'none', authConfigCipher: null, messageTypes: [], settings: {}, status: 'configured', version: 1, createdAt: 1, updatedAt: 1,
    });
    expect(() => repo.delete('EXT_A')).toThrow(expect.objectContaining({ kind: 'conflict', code: 'INTEROP_EXTERNAL_SYSTEM_IN_USE' }));
  });
});
