import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../src-main/store/open-store';
import { migrationsBefore as migrationsShippedBefore } from '../test/support/migrations-before';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function migrationsBefore(tag: string): string {
  const dir = migrationsShippedBefore(tag);
  dirs.push(dir);
  return dir;
}

it('upgrades to one active listener per host and port: a second one on the same port is paused with the reason, and non-listeners lose listener settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'interop.db');
  const old = openStore({ file, migrationsDir: migrationsBefore('0004_connector_listener_slot') });
  const insert = old.sqlite.prepare(`INSERT INTO interop_connectors (id, tenant_id, facility_id, name, protocol, direction, host, port, tls_enabled, auth_mode, message_types, settings, status, activated_at, version, created_at, updated_at)
    VALUES (?, 'TEN_DEFAULT', ?, ?, ?, ?, ?, ?, 0, 'none', '[]', ?, 'active', ?, 1, 0, 0)`);
  const listenerSettings = JSON.stringify({ ackMode: 'never', durability: 'FULL', maxFrameBytes: 2048, maxConnections: 4, idleTimeoutSeconds: 60 });
  insert.run('CONN_NORTH', 'NORTH', 'North ADT', 'mllp', 'inbound', '127.0.0.1', 2575, listenerSettings, 1000);
  insert.run('CONN_SOUTH', 'SOUTH', 'South ADT', 'mllp', 'inbound', '127.0.0.1', 2575, listenerSettings, 2000);
  insert.run('CONN_HIE', 'NORTH', 'HIE out', 'fhir-rest', 'outbound', 'hie.example', 443, listenerSettings, 3000);
  old.close();

  const upgraded = openStore({ file });
  const rows = upgraded.sqlite.prepare('SELECT id, status, version, last_error AS lastError, settings FROM interop_connectors ORDER BY id').all();
  upgraded.close();
  expect(rows).toEqual([
    { id: 'CONN_HIE', status: 'active', version: 1, lastError: null, settings: '{}' },
    { id: 'CONN_NORTH', status: 'active', version: 1, lastError: null, settings: listenerSettings },
    { id: 'CONN_SOUTH', status: 'paused', version: 2, lastError: 'Paused on upgrade: another active connector listens on the same host and port', settings: listenerSettings },
  ]);
});
