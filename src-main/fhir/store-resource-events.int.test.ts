import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createResourceEventGate } from '../store/event-subscriptions-repo';
import { createFhirRepo } from '../store/fhir-repo';
import { DEFAULT_TENANT_ID } from '../store/open-store';
import { createTransact } from '../store/transact';
import { extractIndexRows } from './search';
import { createFhirService } from './store-service';

describe('FhirResourceCreated / FhirResourceUpdated events', () => {
  const store = useTempStore();
  const subscribe = (id: string, eventTypes: string[], tenantId = DEFAULT_TENANT_ID): void => {
    if (tenantId !== DEFAULT_TENANT_ID) store().sqlite.prepare(`INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES (?, ?, 0)`).run(tenantId, tenantId);
    store()
      .sqlite.prepare(`INSERT INTO event_subscriptions (id, tenant_id, name, event_types, target_url, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, 'https://hooks.example.org/x', 'active', 1, 0, 0)`)
      .run(id, tenantId, id, JSON.stringify(eventTypes));
  };

  it('are wanted only while a subscription of the tenant takes one of them', () => {
    const wanted = createResourceEventGate(store().sqlite);
    expect(wanted(DEFAULT_TENANT_ID)).toBe(false);
    subscribe('SUB_1', ['Hl7MessageReceived', 'ConnectorActivated']);
    expect(wanted(DEFAULT_TENANT_ID)).toBe(false);
    subscribe('SUB_2', ['FhirResourceUpdated'], 'tenant-b');
    expect(wanted(DEFAULT_TENANT_ID)).toBe(false);
    expect(wanted('tenant-b')).toBe(true);
    subscribe('SUB_3', ['Hl7MessageProcessed', 'FhirResourceCreated']);
    expect(wanted(DEFAULT_TENANT_ID)).toBe(true);
  });

  it('are written with a version only when wanted, so an engine nobody subscribes to writes one row per version, not two', () => {
    const events: string[] = [];
    let wanted = false;
    const fhir = createFhirService({
      repo: createFhirRepo(store().sqlite),
      transact: createTransact(store().sqlite),
      clock: { now: () => Date.now() },
      indexRows: extractIndexRows,
      journal: { appendEvent: (event) => void events.push(event.type) },
      resourceEventsWanted: () => wanted,
    });
    const patient = (family: string): Patient => ({ resourceType: 'Patient', id: 'p1', name: [{ family }] });
    fhir.update(DEFAULT_TENANT_ID, 'Patient', 'p1', patient('A'));
    expect(events).toEqual([]);
    wanted = true;
    fhir.update(DEFAULT_TENANT_ID, 'Patient', 'p1', patient('B'));
    fhir.update(DEFAULT_TENANT_ID, 'Patient', 'p2', { ...patient('C'), id: 'p2' });
    expect(events).toEqual(['FhirResourceUpdated', 'FhirResourceCreated']);
  });
});
