import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditChainReport, AuditEvent, AuditEventPage, Connector } from '../../src-shared';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { createAuditRepo } from '../store/audit-repo';
import { createIdGenerator } from '../core/ids';

const DAY = 24 * 60 * 60 * 1000;

describe('audit log', () => {
  let engine: TempEngine;
  let api: string;
  beforeEach(async () => {
    engine = await startTempEngine();
    api = `${engine.url}api/v1`;
  });
  afterEach(() => engine.dispose());

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${api}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const events = async (query = ''): Promise<AuditEventPage> => (await (await send('GET', `/audit-events${query}`)).json()) as AuditEventPage;
  const newest = async (action: string): Promise<AuditEvent | undefined> => (await events(`?action=${action}`)).data[0];

  it('records a change made over HTTP with who, from where, what, on which entity and the names (not values) of the fields sent', async () => {
    const created = (await (await send('POST', '/connectors', { name: 'Ward Kestrel feed', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port: 2575 })).json()) as Connector;
    expect(await newest('connectors.create')).toMatchObject({ actorKind: 'local', actorId: 'local:127.0.0.1', remoteAddress: '127.0.0.1', targetType: 'connector', targetId: created.id, outcome: 'ok', errorCode: null });
    const updated = await send('PATCH', `/connectors/${created.id}`, { version: created.version, description: 'Night shift' });
    expect(updated.status).toBe(200);
    const entry = await newest('connectors.update');
    expect(entry).toMatchObject({ targetId: created.id, outcome: 'ok', details: { fields: ['description'] } });
    expect(JSON.stringify(await events())).not.toContain('Night shift');
    expect(JSON.stringify(await events())).not.toContain('Ward Kestrel');
  });

  it('records refused and failed calls with their error code, and reads that reveal message content, but not plain reads', async () => {
    const stale = await send('PATCH', '/connectors/CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV', { version: 1, description: 'x' });
    expect(stale.status).toBe(404);
    expect(await newest('connectors.update')).toMatchObject({ outcome: 'failed', errorCode: 'INTEROP_CONNECTOR_NOT_FOUND', targetId: 'CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    await send('GET', '/hl7-messages/MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(await newest('hl7Messages.get')).toMatchObject({ targetType: 'hl7_message', targetId: 'MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV', outcome: 'failed' });
    await send('GET', '/connectors');
    expect((await events('?action=connectors.list')).data).toEqual([]);
  });

  it('records a named event through recordEvent, filtered by action, actor and outcome', async () => {
    engine.recordEvent({ action: 'sign-in', actor: { kind: 'operator', id: 'OPR_alice' }, outcome: 'refused', remoteAddress: '10.0.0.5', errorCode: 'INTEROP_UNAUTHORIZED' });
    engine.recordEvent({ action: 'token.issued', actor: { kind: 'api-client', id: 'CLI_lab' }, outcome: 'ok', remoteAddress: '10.0.0.6' });
    const page = await events('?actor=OPR_alice&outcome=refused');
    expect(page.data).toEqual([expect.objectContaining({ action: 'sign-in', actorKind: 'operator', remoteAddress: '10.0.0.5', errorCode: 'INTEROP_UNAUTHORIZED' })]);
    expect((await events('?action=token.issued')).data).toHaveLength(1);
  });

  it('pages newest first by cursor and exports the same filters as CSV and NDJSON files', async () => {
    for (const n of [1, 2, 3]) engine.recordEvent({ action: 'sign-in', actor: { kind: 'operator', id: `OPR_${n}` }, outcome: 'ok' });
    const first = await events('?action=sign-in&pageSize=2');
    expect(first.data.map((e) => e.actorId)).toEqual(['OPR_3', 'OPR_2']);
    const second = await events(`?action=sign-in&pageSize=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ data: [expect.objectContaining({ actorId: 'OPR_1' })], nextCursor: null });

    const csv = await send('GET', '/audit-events/export?format=csv&action=sign-in');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-.*\.csv"$/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actorKind,actorId,remoteAddress,action,targetType,targetId,outcome,errorCode,details');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['OPR_3', 'OPR_2', 'OPR_1']);
    const ndjson = await (await send('GET', '/audit-events/export?format=ndjson&action=sign-in')).text();
    expect(ndjson.trim().split('\n').map((l) => (JSON.parse(l) as AuditEvent).actorId)).toEqual(['OPR_3', 'OPR_2', 'OPR_1']);
    expect(await newest('auditEvents.export')).toMatchObject({ outcome: 'ok', actorKind: 'local' });
  });

  it('refuses UPDATE and DELETE on the table; the prune deletes only entries past 400 days', () => {
    const sqlite = engine.store.sqlite;
    const repo = createAuditRepo(sqlite, createIdGenerator());
    const base = { tenantId: engine.tenantId, actorKind: 'system', actorId: 'system', remoteAddress: null, action: 'test', targetType: null, targetId: null, outcome: 'ok' as const, errorCode: null, details: null };
    const old = repo.append({ ...base, at: Date.now() - 401 * DAY });
    const recent = repo.append({ ...base, at: Date.now() - 399 * DAY });
    expect(() => sqlite.prepare(`UPDATE audit_events SET action = 'x' WHERE id = ?`).run(recent.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare(`DELETE FROM audit_events WHERE id = ?`).run(old.id)).toThrow(/append-only/);
    expect(() => repo.prune(Date.now() - 10 * DAY)).toThrow(/at least 400 days/);
    expect(repo.prune(Date.now() - 400 * DAY)).toBe(1);
    const ids = sqlite.prepare(`SELECT id FROM audit_events`).pluck().all();
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
    expect(() => sqlite.prepare(`DELETE FROM audit_events WHERE id = ?`).run(recent.id)).toThrow(/append-only/);
  });

  it('verifies the hash chain, and names the first entry changed behind the triggers', async () => {
    for (const n of [1, 2, 3]) engine.recordEvent({ action: 'sign-in', actor: { kind: 'operator', id: `OPR_${n}` }, outcome: 'ok' });
    const verify = async () => (await (await send('GET', '/audit-events/verify')).json()) as AuditChainReport;
    expect(await verify()).toMatchObject({ intact: true, brokenAt: null });
    const sqlite = engine.store.sqlite;
    const victim = sqlite.prepare(`SELECT id FROM audit_events WHERE actor_id = 'OPR_2'`).pluck().get() as string;
    sqlite.exec('DROP TRIGGER audit_events_no_update');
    sqlite.prepare(`UPDATE audit_events SET outcome = 'refused' WHERE id = ?`).run(victim);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: victim });
  });
});
