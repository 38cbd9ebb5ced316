import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../bootstrap';
import { startTempEngine } from '../../test/support/temp-engine';
import { openStore } from './open-store';

describe('SQLite store', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-store-'));
    dirs.push(dir);
    return join(dir, 'test.db');
  };

  it('opens in WAL mode with foreign keys, a busy timeout and the requested durability', () => {
    const store = openStore({ file: tempFile(), durability: 'NORMAL' });
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    store.close();
  });

  it('applies the migrations once and is idempotent on reopen', () => {
    const file = tempFile();
    openStore({ file }).close();
    const store = openStore({ file });
    const tables = store.sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['interop_connectors', 'hl7_messages', 'hl7_processing_attempts', 'outbox_events', 'alerts', 'bulk_export_jobs', 'api_credentials']));
    expect(store.sqlite.prepare('select count(*) from tenants').pluck().get()).toBe(1);
    store.close();
  });

  it('enforces unique (connector, control id, sending application, content hash) on accepted messages only', () => {
    const store = openStore({ file: tempFile() });
    const now = Date.now();
    store.sqlite.prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_A', 'TEN_DEFAULT', 'a', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'configured', 1, ?, ?)").run(now, now);
    const insert = store.sqlite.prepare("insert into hl7_messages (id, tenant_id, connector_id, direction, raw, raw_size, sending_application, message_control_id, content_hash, received_at, status, accepted) values (?, 'TEN_DEFAULT', 'CONN_A', 'inbound', x'00', 1, 'LAB', 'CTRL1', ?, ?, 'pending', ?)");
    insert.run('MSG_1', 'hash-a', now, 1);
    expect(() => insert.run('MSG_2', 'hash-a', now, 1)).toThrow(/UNIQUE/);
    expect(() => insert.run('MSG_3', 'hash-a', now, 0)).not.toThrow();
    expect(() => insert.run('MSG_4', 'hash-b', now, 1)).not.toThrow();
    store.close();
  });

  it('keeps connector secrets out of the database file in plaintext', async () => {
    const engine = await startTempEngine();
    const secret = 'Plaintext-Secret-Value-42';
    const response = await fetch(`${engine.url}api/v1/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'secured', protocol: 'fhir-rest', direction: 'outbound', host: 'ehr.example', port: 443, authMode: 'oauth2', authConfig: { tokenUrl: 'https://ehr.example/token', clientId: 'clinic', clientSecret: secret } }),
    });
    expect(response.status).toBe(201);
    expect(await response.text()).not.toContain(secret);
    const listed = await (await fetch(`${engine.url}api/v1/connectors`)).text();
    expect(listed).not.toContain(secret);
    const files = readdirSync(engine.dataDir).filter((f) => f.startsWith(DATABASE_FILE));
    for (const f of files) expect(readFileSync(join(engine.dataDir, f)).includes(secret), f).toBe(false);
    await engine.stop();
    expect(readFileSync(join(engine.dataDir, DATABASE_FILE)).includes(secret)).toBe(false);
    await engine.dispose();
  });
});
