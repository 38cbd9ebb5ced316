import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import { createInterfaceErrorWriter } from './interface-error-writer';
import type { PageRequest } from './paged-list';

/**
 * An item to write in the caller's transaction: a route's, built by processing (outbound/outbound-planner.ts)
 * for an outbound connector; or a queued upstream write (fhir/routing/upstream-queue.ts) for a routing rule's server.
 */
export type OutboundDraft = DraftFields & ({ routeId: string; destinationConnectorId: string; routingRuleId?: undefined } | { routeId: null; destinationConnectorId: null; routingRuleId: string });

interface DraftFields {
  tenantId: string;
  laneKey: string;
  messageId: string | null;
  payloadKind: string;
  payload: Buffer;
  controlId: string | null;
  /** 'dead' when the payload could not be built: written anyway, with the reason, never dropped. */
  status: 'pending' | 'dead';
  errorCode?: string | undefined;
  error?: string | undefined;
}

export interface OutboundItemRow {
  id: string;
  tenantId: string;
  routeId: string | null;
  destinationConnectorId: string | null;
  routingRuleId: string | null;
  laneKey: string;
  seq: number;
  messageId: string | null;
  payloadKind: string;
  controlId: string | null;
  status: string;
  attemptCount: number;
  nextAttemptAt: number | null;
  lastErrorCode: string | null;
  lastError: string | null;
  ackCode: string | null;
  deliveredAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A head item taken for one delivery attempt, with the bytes to send. */
export interface ClaimedItem extends OutboundItemRow {
  payload: Buffer;
  attemptId: string;
  /** The attempts of its current budget that got an answer: unreachable ones (`offline`) spend none of the budget. */
  answeredAttempts: number;
}

export interface OutboundAttemptRow {
  id: string;
  itemId: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: string | null;
  ackCode: string | null;
  errorCode: string | null;
  error: string | null;
  latencyMs: number | null;
}

/** How an attempt ended: 'failed' schedules the next attempt at `nextAttemptAt`. */
export interface AttemptEnd {
  status: 'delivered' | 'failed' | 'dead';
  /** `offline`: a retry because the destination could not be reached (no answer at all). */
  outcome: 'delivered' | 'retry' | 'offline' | 'dead';
  ackCode: string | null;
  errorCode: string | null;
  error: string | null;
  nextAttemptAt: number | null;
  latencyMs: number;
}

/** A destination's summary: an outbound connector, or a routing rule's upstream server (name = its service URL) that has queued writes. */
export interface DestinationSummaryRow {
  destinationConnectorId: string | null;
  routingRuleId: string | null;
  name: string;
  protocol: string;
  connectorStatus: string;
  pausedAt: number | null;
  depth: number;
  oldestAt: number | null;
  dead: number;
  nextRetryAt: number | null;
  lastErrorCode: string | null;
  lastError: string | null;
}

export interface LaneRow {
  laneKey: string;
  depth: number;
  headItemId: string | null;
  headStatus: string | null;
  nextAttemptAt: number | null;
}

export interface OutboundItemFilter {
  destinationConnectorId?: string | undefined;
  laneKey?: string | undefined;
  status?: string | undefined;
  messageId?: string | undefined;
}

/** What an operator's action did: the item after it, or why it did not apply. */
export type ItemAction = { ok: true; item: OutboundItemRow } | { ok: false; status: string } | undefined;

export interface OutboundItemsRepo {
  /**
   * In the caller's transaction: each draft gets the next seq of its lane. A message goes through a
   * route once: a draft whose message already has an item of that route (the message reprocessed) is
   * not written again — the operator requeues the item to send it again.
   */
  enqueue(drafts: readonly OutboundDraft[], now: number): void;
  /** After a crash: items left in flight go back to pending (their attempts marked interrupted); they are sent again. Returns how many. */
  resumeInFlight(now: number): number;
  /**
   * The head of every lane (its lowest open seq) that is due now, oldest due first, skipping paused
   * destinations, destinations whose connector is not active, and lanes whose head is in flight.
   */
  dueHeads(now: number, limit: number): OutboundItemRow[];
  /** Takes a head for one attempt (pending/failed → in_flight, an attempt row started); undefined when it is no longer waiting. */
  claim(itemId: string, now: number): ClaimedItem | undefined;
  /** Records the attempt's end on the item and the attempt row, if the item is still in flight (it always is: actions refuse in-flight items). */
  finish(itemId: string, attemptId: string, end: AttemptEnd, now: number): void;
  /**
   * `finish`, then, in the same transaction, claims the lane's next head if it is due now (its destination
   * active and not paused): one write transaction per item while a lane drains.
   */
  finishAndClaimNext(item: { id: string; laneKey: string }, attemptId: string, end: AttemptEnd, now: number): ClaimedItem | undefined;
  /** Outbound connectors (one, when named), then — unless one is named — routing rules with queued writes. */
  destinations(tenantId: string, destinationConnectorId?: string): DestinationSummaryRow[];
  /** A destination's open lanes (by connector id or routing rule id), deepest first. */
  lanesOf(destination: string, limit: number): LaneRow[];
  list(tenantId: string, filter: OutboundItemFilter, page: PageRequest): { rows: OutboundItemRow[]; total: number };
  attemptsOf(itemIds: readonly string[]): Map<string, OutboundAttemptRow[]>;
  findById(id: string): OutboundItemRow | undefined;
  /** A waiting item (pending or failed) is due now. */
  retryNow(id: string, now: number): ItemAction;
  /** A waiting item (pending or failed) is skipped: its lane moves on. */
  skip(id: string, now: number): ItemAction;
  /** A dead or skipped item waits again, at its own seq (so it goes before what was queued after it and is still open), with a fresh attempt budget. */
  requeue(id: string, now: number): ItemAction;
  pause(tenantId: string, destinationConnectorId: string, now: number): void;
  resume(destinationConnectorId: string): void;
}

/** An item row's columns, qualified by `t` (the queries that join lanes and connectors). */
const itemColumns = (t: string): string =>
  [
    'id', 'tenant_id AS tenantId', 'route_id AS routeId', 'destination_connector_id AS destinationConnectorId', 'routing_rule_id AS routingRuleId', 'lane_key AS laneKey', 'seq',
    'message_id AS messageId', 'payload_kind AS payloadKind', 'control_id AS controlId', 'status', 'attempt_count AS attemptCount',
    'next_attempt_at AS nextAttemptAt', 'last_error_code AS lastErrorCode', 'last_error AS lastError', 'ack_code AS ackCode',
    'delivered_at AS deliveredAt', 'created_at AS createdAt', 'updated_at AS updatedAt',
  ].map((c) => `${t}.${c}`).join(', ');
const ITEM_COLUMNS = itemColumns('outbound_items');
const OPEN = `('pending', 'in_flight', 'failed')`;

export function createOutboundItemsRepo(sqlite: Database.Database, ids: IdGenerator): OutboundItemsRepo {
  const nextSeq = sqlite
    .prepare(`INSERT INTO outbound_lanes (lane_key, tenant_id, destination_connector_id, routing_rule_id, next_seq) VALUES (?, ?, ?, ?, 2)
      ON CONFLICT (lane_key) DO UPDATE SET next_seq = next_seq + 1 RETURNING next_seq - 1`)
    .pluck();
  const insert = sqlite.prepare(`
    INSERT INTO outbound_items (id, tenant_id, route_id, destination_connector_id, routing_rule_id, lane_key, seq, message_id, payload_kind, payload, control_id,
      status, attempt_count, last_error_code, last_error, created_at, updated_at)
    VALUES (@id, @tenantId, @routeId, @destinationConnectorId, @routingRuleId, @laneKey, @seq, @messageId, @payloadKind, @payload, @controlId, @status, 0, @errorCode, @error, @now, @now)`);
  const routed = sqlite.prepare(`SELECT 1 FROM outbound_items WHERE message_id = ? AND route_id = ?`).pluck();
  const heads = sqlite.prepare(`
    SELECT ${itemColumns('i')} FROM outbound_lanes l
    JOIN outbound_items i ON i.rowid = (SELECT o.rowid FROM outbound_items o WHERE o.lane_key = l.lane_key AND o.status IN ${OPEN} ORDER BY o.seq LIMIT 1)
    LEFT JOIN interop_connectors c ON c.id = l.destination_connector_id
    LEFT JOIN fhir_routing_rules r ON r.id = l.routing_rule_id
    WHERE (c.status = 'active' OR r.status = 'active') AND i.status IN ('pending', 'failed') AND coalesce(i.next_attempt_at, 0) <= @now
      AND NOT EXISTS (SELECT 1 FROM outbound_pauses p WHERE p.destination_connector_id = l.destination_connector_id)
    ORDER BY coalesce(i.next_attempt_at, i.created_at), i.rowid LIMIT @limit`);
  const take = sqlite.prepare(`UPDATE outbound_items SET status = 'in_flight', updated_at = ? WHERE id = ? AND status IN ('pending', 'failed')`);
  const claimed = sqlite.prepare(`SELECT ${ITEM_COLUMNS}, payload FROM outbound_items WHERE id = ?`);
  // The current budget is the item's newest attempt_count finished attempts (a requeue sets it to 0; an interrupted attempt is not counted).
  const answered = sqlite
    .prepare<[string, number], number>(`
    SELECT count(*) FROM (SELECT outcome FROM outbound_attempts WHERE item_id = ? AND outcome IN ('delivered', 'retry', 'offline', 'dead')
      ORDER BY started_at DESC, rowid DESC LIMIT ?) WHERE outcome <> 'offline'`)
    .pluck();
  const startAttempt = sqlite.prepare(`INSERT INTO outbound_attempts (id, tenant_id, item_id, started_at) VALUES (?, ?, ?, ?)`);
  const endItem = sqlite.prepare(`
    UPDATE outbound_items SET status = @status, attempt_count = attempt_count + 1, next_attempt_at = @nextAttemptAt, ack_code = @ackCode,
      last_error_code = coalesce(@errorCode, last_error_code), last_error = coalesce(@error, last_error),
      delivered_at = CASE WHEN @status = 'delivered' THEN @now ELSE delivered_at END, updated_at = @now
    WHERE id = @id AND status = 'in_flight'`);
  const endAttempt = sqlite.prepare(`
    UPDATE outbound_attempts SET finished_at = @now, outcome = @outcome, ack_code = @ackCode, error_code = @errorCode, error = @error, latency_ms = @latencyMs WHERE id = @attemptId`);
  const byId = sqlite.prepare(`SELECT ${ITEM_COLUMNS} FROM outbound_items WHERE id = ?`);
  const dueHeadOfLane = sqlite
    .prepare(`
    SELECT i.id FROM outbound_lanes l
    JOIN outbound_items i ON i.rowid = (SELECT o.rowid FROM outbound_items o WHERE o.lane_key = l.lane_key AND o.status IN ${OPEN} ORDER BY o.seq LIMIT 1)
    LEFT JOIN interop_connectors c ON c.id = l.destination_connector_id
    LEFT JOIN fhir_routing_rules r ON r.id = l.routing_rule_id
    WHERE l.lane_key = @lane AND (c.status = 'active' OR r.status = 'active') AND i.status IN ('pending', 'failed') AND coalesce(i.next_attempt_at, 0) <= @now
      AND NOT EXISTS (SELECT 1 FROM outbound_pauses p WHERE p.destination_connector_id = l.destination_connector_id)`)
    .pluck();
  const summary = sqlite.prepare(`
    SELECT c.id AS destinationConnectorId, NULL AS routingRuleId, c.name, c.protocol, c.status AS connectorStatus, p.paused_at AS pausedAt,
      (SELECT count(*) FROM outbound_items i WHERE i.tenant_id = c.tenant_id AND i.destination_connector_id = c.id AND i.status IN ${OPEN}) AS depth,
      (SELECT min(i.created_at) FROM outbound_items i WHERE i.tenant_id = c.tenant_id AND i.destination_connector_id = c.id AND i.status IN ${OPEN}) AS oldestAt,
      (SELECT count(*) FROM outbound_items i WHERE i.tenant_id = c.tenant_id AND i.destination_connector_id = c.id AND i.status = 'dead') AS dead,
      (SELECT min(i.next_attempt_at) FROM outbound_items i WHERE i.tenant_id = c.tenant_id AND i.destination_connector_id = c.id AND i.status = 'failed') AS nextRetryAt,
      e.last_error_code AS lastErrorCode, e.last_error AS lastError
    FROM interop_connectors c
    LEFT JOIN outbound_pauses p ON p.destination_connector_id = c.id
    LEFT JOIN outbound_items e ON e.rowid = (
      SELECT i.rowid FROM outbound_items i WHERE i.tenant_id = c.tenant_id AND i.destination_connector_id = c.id AND i.status IN ('pending', 'in_flight', 'failed', 'dead')
        AND i.last_error_code IS NOT NULL ORDER BY i.updated_at DESC LIMIT 1)
    WHERE c.tenant_id = @tenantId AND c.direction = 'outbound' AND (@id IS NULL OR c.id = @id)
    ORDER BY c.name`);
  const ruleSummary = sqlite.prepare(`
    SELECT NULL AS destinationConnectorId, r.id AS routingRuleId, coalesce(r.service_url, r.id) AS name, 'fhir-rest' AS protocol, r.status AS connectorStatus, NULL AS pausedAt,
      (SELECT count(*) FROM outbound_items i WHERE i.tenant_id = r.tenant_id AND i.routing_rule_id = r.id AND i.status IN ${OPEN}) AS depth,
      (SELECT min(i.created_at) FROM outbound_items i WHERE i.tenant_id = r.tenant_id AND i.routing_rule_id = r.id AND i.status IN ${OPEN}) AS oldestAt,
      (SELECT count(*) FROM outbound_items i WHERE i.tenant_id = r.tenant_id AND i.routing_rule_id = r.id AND i.status = 'dead') AS dead,
      (SELECT min(i.next_attempt_at) FROM outbound_items i WHERE i.tenant_id = r.tenant_id AND i.routing_rule_id = r.id AND i.status = 'failed') AS nextRetryAt,
      e.last_error_code AS lastErrorCode, e.last_error AS lastError
    FROM fhir_routing_rules r
    LEFT JOIN outbound_items e ON e.rowid = (
      SELECT i.rowid FROM outbound_items i WHERE i.tenant_id = r.tenant_id AND i.routing_rule_id = r.id AND i.status IN ('pending', 'in_flight', 'failed', 'dead')
        AND i.last_error_code IS NOT NULL ORDER BY i.updated_at DESC LIMIT 1)
    WHERE r.tenant_id = @tenantId AND EXISTS (SELECT 1 FROM outbound_lanes l WHERE l.routing_rule_id = r.id)
    ORDER BY name`);
  const lanes = sqlite.prepare(`
    SELECT l.lane_key AS laneKey, count(*) AS depth, h.id AS headItemId, h.status AS headStatus, h.next_attempt_at AS nextAttemptAt
    FROM outbound_lanes l
    JOIN outbound_items o ON o.lane_key = l.lane_key AND o.status IN ${OPEN}
    LEFT JOIN outbound_items h ON h.rowid = (SELECT x.rowid FROM outbound_items x WHERE x.lane_key = l.lane_key AND x.status IN ${OPEN} ORDER BY x.seq LIMIT 1)
    WHERE l.destination_connector_id = @destination OR l.routing_rule_id = @destination
    GROUP BY l.lane_key ORDER BY depth DESC, l.lane_key LIMIT @limit`);
  const setStatus = (from: string, set: string) => sqlite.prepare(`UPDATE outbound_items SET ${set}, updated_at = @now WHERE id = @id AND status IN ${from}`);
  const [toDueNow, toSkipped, toRequeued] = [
    setStatus(`('pending', 'failed')`, 'next_attempt_at = @now'),
    setStatus(`('pending', 'failed')`, `status = 'skipped', next_attempt_at = NULL`),
    setStatus(`('dead', 'skipped')`, `status = 'pending', attempt_count = 0, next_attempt_at = NULL`),
  ];
  const pauseRow = sqlite.prepare(`INSERT INTO outbound_pauses (destination_connector_id, tenant_id, paused_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
  const resumeRow = sqlite.prepare(`DELETE FROM outbound_pauses WHERE destination_connector_id = ?`);

  /** In the caller's transaction: a head taken for one attempt. */
  /**
   * A delivery's claim and outcome commit at synchronous NORMAL (no fsync; the connection's own level is
   * restored after): a power cut can undo only the newest outcomes, and an item whose "delivered" was
   * undone is sent again — which delivery already allows (at least once; receivers dedup by MSH-10 or
   * by the write's identity). Items themselves are written with the processing outcome that made them.
   */
  const atNormal = <T,>(work: () => T): T => {
    const level = sqlite.pragma('synchronous', { simple: true }) as number;
    if (level <= 1) return work();
    sqlite.pragma('synchronous = NORMAL');
    try {
      return work();
    } finally {
      sqlite.pragma(`synchronous = ${level}`);
    }
  };

  const claimIn = (itemId: string, now: number): ClaimedItem | undefined => {
    if (take.run(now, itemId).changes === 0) return undefined;
    const row = claimed.get(itemId) as OutboundItemRow & { payload: Buffer };
    const attemptId = ids('OBA');
    startAttempt.run(attemptId, row.tenantId, itemId, now);
    return { ...row, attemptId, answeredAttempts: row.attemptCount === 0 ? 0 : (answered.get(itemId, row.attemptCount) ?? 0) };
  };
  const errors = createInterfaceErrorWriter(sqlite, ids);
  /** A dead item is an open interface error about its destination, written with the item's end. */
  const deadLettered = (item: Pick<OutboundItemRow, 'id' | 'tenantId' | 'destinationConnectorId' | 'routingRuleId' | 'messageId'>, code: string | null, error: string | null, now: number): void => {
    const destination = item.destinationConnectorId ?? item.routingRuleId;
    errors.record(
      {
        tenantId: item.tenantId,
        connectorId: item.destinationConnectorId,
        messageId: item.messageId,
        source: 'outbound',
        outboundItemId: item.id,
        code: code ?? 'OUTBOUND_DEAD_LETTERED',
        message: error ?? 'the item was dead-lettered',
        subject: destination === null ? undefined : { kind: 'destination', id: destination },
      },
      now,
    );
  };
  /** In the caller's transaction: the attempt's end on the item and its attempt row. */
  const finishIn = (itemId: string, attemptId: string, end: AttemptEnd, now: number): void => {
    endItem.run({ id: itemId, status: end.status, nextAttemptAt: end.nextAttemptAt, ackCode: end.ackCode, errorCode: end.errorCode, error: end.error, now });
    endAttempt.run({ attemptId, now, outcome: end.outcome, ackCode: end.ackCode, errorCode: end.errorCode, error: end.error, latencyMs: end.latencyMs });
    if (end.status === 'dead') deadLettered(byId.get(itemId) as OutboundItemRow, end.errorCode, end.error, now);
  };

  /** In the caller's transaction (the service's, with its audit entry). */
  const action = (statement: Database.Statement, id: string, now: number): ItemAction => {
    const before = byId.get(id) as OutboundItemRow | undefined;
    if (!before) return undefined;
    if (statement.run({ id, now }).changes === 0) return { ok: false, status: before.status };
    return { ok: true, item: byId.get(id) as OutboundItemRow };
  };

  const whereOf = (tenantId: string, f: OutboundItemFilter): { sql: string; args: unknown[] } => {
    const parts = ['tenant_id = ?'];
    const args: unknown[] = [tenantId];
    for (const [column, value] of [['destination_connector_id', f.destinationConnectorId], ['lane_key', f.laneKey], ['status', f.status], ['message_id', f.messageId]] as const) {
      if (value === undefined) continue;
      parts.push(`${column} = ?`);
      args.push(value);
    }
    return { sql: parts.join(' AND '), args };
  };

  return {
    enqueue(drafts, now) {
      for (const d of drafts) {
        if (d.messageId !== null && d.routeId !== null && routed.get(d.messageId, d.routeId) !== undefined) continue;
        const routingRuleId = d.routingRuleId ?? null;
        const seq = nextSeq.get(d.laneKey, d.tenantId, d.destinationConnectorId, routingRuleId) as number;
        const id = ids('OBI');
        insert.run({ ...d, routingRuleId, id, seq, now, errorCode: d.errorCode ?? null, error: d.error ?? null });
        if (d.status === 'dead') deadLettered({ ...d, id, routingRuleId }, d.errorCode ?? null, d.error ?? null, now);
      }
    },
    resumeInFlight(now) {
      return sqlite.transaction(() => {
        sqlite.prepare(`UPDATE outbound_attempts SET outcome = 'interrupted', finished_at = ? WHERE outcome IS NULL`).run(now);
        return sqlite.prepare(`UPDATE outbound_items SET status = 'pending', updated_at = ? WHERE status = 'in_flight'`).run(now).changes;
      }).immediate();
    },
    dueHeads: (now, limit) => heads.all({ now, limit }) as OutboundItemRow[],
    claim: (itemId, now) => atNormal(() => sqlite.transaction(() => claimIn(itemId, now)).immediate()),
    finish(itemId, attemptId, end, now) {
      atNormal(() => sqlite.transaction(() => finishIn(itemId, attemptId, end, now)).immediate());
    },
    finishAndClaimNext(item, attemptId, end, now) {
      return atNormal(() =>
        sqlite
          .transaction((): ClaimedItem | undefined => {
            finishIn(item.id, attemptId, end, now);
            const next = dueHeadOfLane.get({ lane: item.laneKey, now }) as string | undefined;
            return next === undefined ? undefined : claimIn(next, now);
          })
          .immediate(),
      );
    },
    destinations: (tenantId, id) => [...summary.all({ tenantId, id: id ?? null }), ...(id === undefined ? ruleSummary.all({ tenantId }) : [])] as DestinationSummaryRow[],
    lanesOf: (destination, limit) => lanes.all({ destination, limit }) as LaneRow[],
    list(tenantId, filter, page) {
      const where = whereOf(tenantId, filter);
      const order = filter.laneKey ? 'seq' : 'created_at DESC, rowid DESC';
      const rows = sqlite.prepare(`SELECT ${ITEM_COLUMNS} FROM outbound_items WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...where.args, page.pageSize, (page.page - 1) * page.pageSize) as OutboundItemRow[];
      const total = sqlite.prepare(`SELECT count(*) FROM outbound_items WHERE ${where.sql}`).pluck().get(...where.args) as number;
      return { rows, total };
    },
    attemptsOf(itemIds) {
      const byItem = new Map<string, OutboundAttemptRow[]>();
      if (itemIds.length === 0) return byItem;
      const rows = sqlite
        .prepare(`SELECT id, item_id AS itemId, started_at AS startedAt, finished_at AS finishedAt, outcome, ack_code AS ackCode, error_code AS errorCode, error, latency_ms AS latencyMs
          FROM outbound_attempts WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY started_at, rowid`)
        .all(JSON.stringify(itemIds)) as OutboundAttemptRow[];
      for (const row of rows) byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row]);
      return byItem;
    },
    findById: (id) => byId.get(id) as OutboundItemRow | undefined,
    retryNow: (id, now) => action(toDueNow, id, now),
    skip: (id, now) => action(toSkipped, id, now),
    requeue: (id, now) => action(toRequeued, id, now),
    pause: (tenantId, destinationConnectorId, now) => void pauseRow.run(destinationConnectorId, tenantId, now),
    resume: (destinationConnectorId) => void resumeRow.run(destinationConnectorId),
  };
}
