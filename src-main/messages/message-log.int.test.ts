import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessagePage } from '../../src-shared';
import { createIdGenerator } from '../core/ids';
import type { IntakeRecord } from '../store/hl7-intake-repo';
import { storeAndFile } from '../../test/support/file-messages';
import { createHl7MessageWrites } from '../store/hl7-message-writes';
import { createHl7MessagesRepo } from '../store/hl7-messages-repo';
import { LOG_INDEX, pageQuery, walkCountQuery, type LogDimension, type LogFilter } from '../store/message-log-query';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const TYPES = ['ADT^A01', 'ADT^A08', 'ORU^R01', 'ORM^O01', 'ADT'];
const STATUSES = ['processed', 'failed', 'pending', 'dead_lettered'];
const NAMES = ['SMITH JOHN', 'SMYTHE ANN', 'DOE JANE', 'ROE RICHARD'];
const MESSAGES = 600;
const T0 = Date.UTC(2026, 0, 1);

describe('message log paging', () => {
  let engine: TempEngine;
  let connectors: string[];
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const list = async (input: Record<string, unknown>): Promise<Hl7MessagePage> => {
    const r = await engine.dispatcher.dispatch('hl7Messages.list', input, ctx());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as Hl7MessagePage;
  };

  /** Stores messages straight through the intake repo: several share a received time, so ties are paged too. */
  function store(count: number, at: (i: number) => number, offset = 0): void {
    const ids = createIdGenerator(() => Date.now());
    const intake = { store: (records: IntakeRecord[]) => storeAndFile(engine.store.sqlite, records, ids) };
    const writes = createHl7MessageWrites(engine.store.sqlite, ids);
    const records: IntakeRecord[] = Array.from({ length: count }, (_, k) => {
      const i = k + offset;
      return {
        id: ids('MSG'), tenantId: engine.tenantId, connectorId: connectors[i % 3]!, raw: Buffer.from(`MSH|^~\\&|A|B|C|D|||X|C${i}|P|2.5\r`), charset: null,
        sendingApplication: 'A', sendingFacility: 'B', receivingApplication: 'C', receivingFacility: 'D', messageType: TYPES[(i * 7) % TYPES.length]!,
        messageControlId: `C${i}`, versionId: '2.5', patientId: `MRN${i % 50}`, patientName: NAMES[i % NAMES.length]!, orderNumbers: null, remoteAddress: null,
        receivedAt: at(i), status: 'pending', accepted: true, ackCode: 'AA', ackPayload: null, errorCode: null, errorMessage: null,
      };
    });
    intake.store(records);
    const setStatus = engine.store.sqlite.prepare('UPDATE hl7_messages SET status = ?, search_indexed = 1 WHERE id = ?');
    engine.store.sqlite.transaction(() => {
      records.forEach((r, k) => {
        setStatus.run(STATUSES[((k + offset) * 5) % 11 % STATUSES.length], r.id);
        writes.indexForSearch(r.id, null);
      });
    })();
  }

  /** The log's definition, by brute force: every matching id, newest first. */
  function expected(f: { connectorId?: string; messageType?: string; status?: string; from?: number; to?: number; q?: string }): string[] {
    const terms: [string, unknown[]][] = [['1 = 1', []]];
    if (f.connectorId) terms.push(['connector_id = ?', [f.connectorId]]);
    if (f.messageType) terms.push(['(message_type = ? OR message_type LIKE ?)', [f.messageType, `${f.messageType}^%`]]);
    if (f.status) terms.push(['status = ?', [f.status]]);
    if (f.from !== undefined) terms.push(['received_at >= ?', [f.from]]);
    if (f.to !== undefined) terms.push(['received_at <= ?', [f.to]]);
    if (f.q) terms.push(['rowid IN (SELECT rowid FROM hl7_messages_fts WHERE hl7_messages_fts MATCH ?)', [`"${f.q}"*`]]);
    const where = terms.map(([term]) => term);
    const args = terms.flatMap(([, values]) => values);
    return (engine.store.sqlite.prepare(`SELECT id FROM hl7_messages NOT INDEXED WHERE ${where.join(' AND ')} ORDER BY received_at DESC, rowid DESC`).pluck().all(...args) as string[]);
  }

  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
    connectors = [];
    for (const name of ['one', 'two', 'three']) {
      const r = await engine.dispatcher.dispatch('connectors.create', { name, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port: 20_000 + connectors.length }, ctx());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      connectors.push((r.value as { id: string }).id);
    }
    store(MESSAGES, (i) => T0 + Math.floor(i / 3) * 1000);
  });
  afterAll(() => engine.dispose());

  type Case = { connectorId?: string; messageType?: string; status?: string; from?: string; to?: string; q?: string };
  const cases = (): Case[] => {
    const [a, b] = connectors as [string, string];
    const window = { from: new Date(T0 + 40_000).toISOString(), to: new Date(T0 + 120_000).toISOString() };
    return [
      {},
      { connectorId: a },
      { messageType: 'ADT' },
      { messageType: 'ADT^A08' },
      { status: 'failed' },
      { status: 'dead_lettered', connectorId: b },
      { connectorId: a, messageType: 'ORU^R01', status: 'processed' },
      { messageType: 'ADT', status: 'pending' },
      window,
      { ...window, connectorId: b, messageType: 'ADT' },
      { q: 'smith' },
      { q: 'sm', status: 'failed' },
      { q: 'MRN1', messageType: 'ADT', ...window },
      { connectorId: a, messageType: 'VXU' },
    ];
  };

  it('walks every filter and combination by cursor in received order, each message once, as a full scan would list them', async () => {
    for (const filter of cases()) {
      const want = expected({ ...filter, from: filter.from ? Date.parse(filter.from) : undefined, to: filter.to ? Date.parse(filter.to) : undefined });
      const seen: string[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await list({ ...filter, pageSize: 7, ...(cursor ? { cursor } : {}) });
        expect(page.total, JSON.stringify(filter)).toBe(want.length);
        expect(page.totalAtLeast).toBe(false);
        seen.push(...page.data.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, JSON.stringify(filter)).toEqual(want);
      const third = await list({ ...filter, pageSize: 7, page: 3 });
      expect(third.data.map((m) => m.id)).toEqual(want.slice(14, 21));
    }
  });

  it('reads only the filter indexes for a page, whichever filter leads, and never sorts the whole log', () => {
    const filter: LogFilter = { tenantId: engine.tenantId, connectorId: connectors[0], messageTypes: ['ADT', 'ADT^A01'], status: 'failed', from: T0, to: T0 + 1e6 };
    for (const dimension of ['connector', 'type', 'status', 'time'] as (LogDimension | 'time')[]) {
      const query = new SQLiteSyncDialect().sqlToQuery(pageQuery(filter, { kind: 'index', dimension }, 51, 0, { receivedAt: T0 + 5e5, rowid: 9 }));
      const plan = (engine.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((r) => r.detail);
      const tableReads = plan.filter((d) => /hl7_messages\b/.test(d) && !d.includes('COVERING INDEX') && !d.includes('hl7_messages_fts'));
      expect(tableReads, `${dimension}: ${plan.join(' | ')}`).toEqual(dimension === 'time' ? [expect.stringContaining(LOG_INDEX.time)] : []);
    }
  });

  it('counts up to 10,000 and then says "at least", while filtered totals below that stay exact', async () => {
    store(10_000, (i) => T0 + 10_000_000 + i, MESSAGES);
    const all = await list({ pageSize: 5 });
    expect(all).toMatchObject({ total: 10_000, totalAtLeast: true });
    expect(all.data).toHaveLength(5);
    const few = await list({ status: 'dead_lettered', connectorId: connectors[1], pageSize: 5 });
    expect(few.totalAtLeast).toBe(false);
    expect(few.total).toBe(expected({ status: 'dead_lettered', connectorId: connectors[1] }).length);
  });

  it('counts text search that is too broad to drive through an index walk exactly while the walk finishes, and as "at least" (never more than match, never fewer than paged) once it is cut short', () => {
    const filter = { messageType: 'ADT^A08', match: '"smith"*' };
    const want = expected({ messageType: 'ADT^A08', q: 'smith' });
    const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);
    expect(want.length).toBeGreaterThan(450);
    const whole = createHl7MessagesRepo(engine.store.db).list(engine.tenantId, filter, { pageSize: 5, offset: 0 });
    expect(whole).toMatchObject({ total: want.length, totalAtLeast: false });
    const bounded = createHl7MessagesRepo(engine.store.db, { countWalk: 200 });
    const first = bounded.list(engine.tenantId, filter, { pageSize: 5, offset: 0 });
    expect(first.totalAtLeast).toBe(true);
    expect(first.total).toBeGreaterThan(0);
    expect(first.total).toBeLessThan(want.length);
    expect(ids(first.rows)).toEqual(want.slice(0, 5));
    const deep = bounded.list(engine.tenantId, filter, { pageSize: 5, offset: 445 });
    expect(ids(deep.rows)).toEqual(want.slice(445, 450));
    expect(deep).toMatchObject({ total: 450, totalAtLeast: true });
  });

  it('counts text search inside an index walk from the indexes alone, newest first, without sorting', () => {
    const filter: LogFilter = { tenantId: engine.tenantId, connectorId: connectors[0], messageTypes: ['ADT', 'ADT^A01'], status: 'failed', from: T0, to: T0 + 1e6 };
    for (const dimension of ['connector', 'type', 'status', 'time'] as (LogDimension | 'time')[]) {
      const query = new SQLiteSyncDialect().sqlToQuery(walkCountQuery(filter, '"smith"*', { kind: 'index', dimension }, 1000));
      const plan = (engine.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((r) => r.detail);
      const tableReads = plan.filter((d) => /hl7_messages\b/.test(d) && !d.includes('COVERING INDEX') && !d.includes('hl7_messages_fts'));
      expect(tableReads.filter((d) => dimension !== 'time' || !d.includes(LOG_INDEX.time)), `${dimension}: ${plan.join(' | ')}`).toEqual([]);
      expect(plan.filter((d) => d.includes('TEMP B-TREE')), `${dimension}: ${plan.join(' | ')}`).toEqual([]);
    }
  });

  it('refuses pages past the first 10,000 rows and cursors it did not give out, with stable codes', async () => {
    const deep = await engine.dispatcher.dispatch('hl7Messages.list', { page: 201, pageSize: 50 }, ctx());
    expect(deep).toMatchObject({ ok: false, status: 422, error: { code: 'INTEROP_PAGE_TOO_DEEP' } });
    const forged = await engine.dispatcher.dispatch('hl7Messages.list', { cursor: 'bm90LWEtY3Vyc29y' }, ctx());
    expect(forged).toMatchObject({ ok: false, status: 422, error: { code: 'INTEROP_INVALID_CURSOR' } });
  });
});
