import { beforeEach, describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { DEFAULT_TENANT_ID } from './open-store';
import { createRoutingRulesRepo, type NewRoutingRuleRow, type RoutingRulesRepo } from './routing-rules-repo';

const rule = (id: string, over: Partial<NewRoutingRuleRow> = {}): NewRoutingRuleRow => ({
  id, tenantId: DEFAULT_TENANT_ID, resourceType: 'Observation', category: 'laboratory', profile: null, target: 'local', serviceUrl: null, fanOut: false, isPrimary: true,
  priority: 1, status: 'active', version: 1, createdAt: 1, updatedAt: 1, ...over,
});

describe('routing rule constraints as AppError codes', () => {
  const store = useTempStore();
  let repo: RoutingRulesRepo;
  beforeEach(() => {
    repo = createRoutingRulesRepo(store().db);
  });

  it('answers INTEROP_ROUTING_PRIMARY_EXISTS when an insert or an update makes a second active primary rule for a key', () => {
    repo.insert(rule('RR_A'));
    repo.insert(rule('RR_B', { status: 'inactive' }));
    const clash = expect.objectContaining({ kind: 'conflict', code: 'INTEROP_ROUTING_PRIMARY_EXISTS', message: expect.stringContaining('Observation (laboratory)') });
    expect(() => repo.insert(rule('RR_C'))).toThrow(clash);
    expect(() => repo.update('RR_B', 1, { status: 'active' })).toThrow(clash);
  });
});
