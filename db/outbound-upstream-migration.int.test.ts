import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../src-main/store/open-store';
import { migrationsBefore } from '../test/support/migrations-before';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('upgrades the outbox for queued upstream writes keeping every item, lane and attempt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-upgrade-'));
  const migrations = migrationsBefore('0013_outbound_upstream_writes');
  dirs.push(dir, migrations);
  const file = join(dir, 'interop.db');
  const old = openStore({ file, migrationsDir: migrations });
  old.sqlite.exec(`
    INSERT INTO interop_connectors (id, tenant_id, name, protocol, direction, host, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at)
      VALUES ('CONN_IN', 'TEN_DEFAULT', 'In', 'mllp', 'inbound', '127.0.0.1', 2575, 0, 'none', '[]', '{}', 'configured', 1, 0, 0),
             ('CONN_OUT', 'TEN_DEFAULT', 'Out', 'mllp', 'outbound', 'ehr.example', 2575, 0, 'none', '[]', '{}', 'active', 1, 0, 0);
    INSERT INTO outbound_routes (id, tenant_id, name, source_connector_id, destination_connector_id, filter, payload, lane_by, enabled, version, created_at, updated_at)
      VALUES ('ORT_1', 'TEN_DEFAULT', 'r', 'CONN_IN', 'CONN_OUT', '{}', '{"kind":"raw"}', 'destination', 1, 1, 0, 0);
    INSERT INTO outbound_lanes (lane_key, tenant_id, destination_connector_id, next_seq) VALUES ('CONN_OUT', 'TEN_DEFAULT', 'CONN_OUT', 2);
    INSERT INTO outbound_items (id, tenant_id, route_id, destination_connector_id, lane_key, seq, payload_kind, payload, status, attempt_count, created_at, updated_at)
      VALUES ('OBI_1', 'TEN_DEFAULT', 'ORT_1', 'CONN_OUT', 'CONN_OUT', 1, 'raw', X'4d5348', 'failed', 1, 0, 0);
    INSERT INTO outbound_attempts (id, tenant_id, item_id, started_at, finished_at, outcome) VALUES ('OBA_1', 'TEN_DEFAULT', 'OBI_1', 1, 2, 'retry');
  `);
  old.close();

  const upgraded = openStore({ file });
  const item = upgraded.sqlite.prepare('SELECT id, route_id AS routeId, destination_connector_id AS destinationConnectorId, routing_rule_id AS routingRuleId, status FROM outbound_items').all();
  const attempts = upgraded.sqlite.prepare('SELECT id, item_id AS itemId, outcome FROM outbound_attempts').all();
  const lanes = upgraded.sqlite.prepare('SELECT lane_key AS laneKey, destination_connector_id AS destinationConnectorId, routing_rule_id AS routingRuleId, next_seq AS nextSeq FROM outbound_lanes').all();
  const violations = upgraded.sqlite.prepare('PRAGMA foreign_key_check').all();
  upgraded.close();
  expect(item).toEqual([{ id: 'OBI_1', routeId: 'ORT_1', destinationConnectorId: 'CONN_OUT', routingRuleId: null, status: 'failed' }]);
  expect(attempts).toEqual([{ id: 'OBA_1', itemId: 'OBI_1', outcome: 'retry' }]);
  expect(lanes).toEqual([{ laneKey: 'CONN_OUT', destinationConnectorId: 'CONN_OUT', routingRuleId: null, nextSeq: 2 }]);
  expect(violations).toEqual([]);
});
