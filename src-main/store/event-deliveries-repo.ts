import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';

/** The head of one active subscription's lane: its first undelivered delivery in event order, with what to send. */
export interface LaneHead {
  deliveryId: string;
  tenantId: string;
  subscriptionId: string;
  url: string;
  secretCipher: string | null;
  attemptCount: number;
  event: { id: string; type: string; occurredAt: number; aggregateType: string; aggregateId: string; payload: Record<string, unknown> };
}

/** One POST's outcome and what becomes of the delivery. */
export interface AttemptRecord {
  attemptNumber: number;
  startedAt: number;
  latencyMs: number;
  outcome: 'delivered' | 'failed';
  responseStatus: number | null;
  errorCode: string | null;
  /** The delivery's status after this attempt. */
  status: 'delivered' | 'retrying' | 'dead';
  nextAttemptAt: number | null;
}

/** The event fan-out and the webhook lanes: raw SQL, each method its own transaction. */
export interface EventDeliveriesRepo {
  /**
   * One fan-out step for every subscription (active or paused): the outbox events after its cursor that it takes
   * (type, tenant, filters) become deliveries — at most `limit` per subscription, one per (subscription, event) —
   * and its cursor moves past every event read, all in one transaction. `more` when some subscription has more to read.
   */
  fanOut(now: number, limit: number): { written: number; more: boolean };
  /** The heads of the active subscriptions' lanes that are due at `now`, skipping the lanes in `busy`. */
  dueHeads(now: number, busy: ReadonlySet<string>): LaneHead[];
  /** Records an attempt and the delivery's new state; false (nothing recorded) when the delivery is gone or settled. */
  recordAttempt(deliveryId: string, tenantId: string, attempt: AttemptRecord): boolean;
}

interface SubscriptionCursor {
  id: string;
  tenantId: string;
  eventTypes: string;
  connectorId: string | null;
  messageType: string | null;
  cursorSeq: number;
}

interface HeadRow {
  deliveryId: string;
  tenantId: string;
  subscriptionId: string;
  url: string;
  secretCipher: string | null;
  attemptCount: number;
  eventId: string;
  eventType: string;
  occurredAt: number;
  aggregateType: string;
  aggregateId: string;
  payload: string;
}

export function createEventDeliveriesRepo(sqlite: Database.Database, ids: IdGenerator): EventDeliveriesRepo {
  const cursors = sqlite.prepare(`
    SELECT id, tenant_id AS tenantId, event_types AS eventTypes, filter_connector_id AS connectorId, filter_message_type AS messageType, cursor_seq AS cursorSeq
    FROM event_subscriptions`);
  const head = sqlite.prepare(`SELECT IFNULL(MAX(seq), 0) FROM outbox_events`).pluck();
  // A connector filter takes events whose payload names the connector and the connector's own lifecycle events; a
  // message-type filter takes events about messages of that type (MSH-9 equal, or starting with it and a ^).
  const matching = sqlite.prepare(`
    SELECT e.id, e.seq, e.type FROM outbox_events e
    WHERE e.seq > @after AND e.seq <= @head AND e.tenant_id = @tenantId
      AND e.type IN (SELECT value FROM json_each(@types))
      AND (@connectorId IS NULL OR json_extract(e.payload, '$.connectorId') = @connectorId OR (e.aggregate_type = 'connector' AND e.aggregate_id = @connectorId))
      AND (@messageType IS NULL OR EXISTS (
        SELECT 1 FROM hl7_messages m WHERE e.aggregate_type = 'hl7_message' AND m.id = e.aggregate_id
          AND (m.message_type = @messageType OR substr(m.message_type, 1, length(@messageType) + 1) = @messageType || '^')))
    ORDER BY e.seq LIMIT @limit`);
  const insertDelivery = sqlite.prepare(`
    INSERT OR IGNORE INTO event_deliveries (id, tenant_id, subscription_id, event_id, event_seq, event_type, status, attempt_count, created_at)
    VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)`);
  const moveCursor = sqlite.prepare(`UPDATE event_subscriptions SET cursor_seq = ? WHERE id = ? AND cursor_seq < ?`);
  // Read without the write lock: an idle engine's fan-out turns never contend with intake.
  const behind = sqlite.prepare(`SELECT 1 FROM event_subscriptions WHERE cursor_seq < (SELECT IFNULL(MAX(seq), 0) FROM outbox_events) LIMIT 1`).pluck();

  const fanOut = sqlite.transaction((now: number, limit: number) => {
    const newest = head.get() as number;
    let written = 0;
    let more = false;
    for (const sub of cursors.all() as SubscriptionCursor[]) {
      if (sub.cursorSeq >= newest) continue;
      const events = matching.all({ after: sub.cursorSeq, head: newest, tenantId: sub.tenantId, types: sub.eventTypes, connectorId: sub.connectorId, messageType: sub.messageType, limit }) as { id: string; seq: number; type: string }[];
      for (const e of events) written += insertDelivery.run(ids('DLV'), sub.tenantId, sub.id, e.id, e.seq, e.type, now).changes;
      const full = events.length === limit;
      more ||= full;
      // Fewer than the limit: nothing else it takes lies before the newest event, so the cursor goes there.
      const to = full ? (events[events.length - 1] as { seq: number }).seq : newest;
      moveCursor.run(to, sub.id, to);
    }
    return { written, more };
  });

  const heads = sqlite.prepare(`
    SELECT d.id AS deliveryId, d.tenant_id AS tenantId, s.id AS subscriptionId, s.target_url AS url, s.secret_cipher AS secretCipher,
      d.attempt_count AS attemptCount, e.id AS eventId, e.type AS eventType, e.occurred_at AS occurredAt,
      e.aggregate_type AS aggregateType, e.aggregate_id AS aggregateId, e.payload
    FROM event_subscriptions s
    JOIN event_deliveries d ON d.id = (
      SELECT h.id FROM event_deliveries h WHERE h.subscription_id = s.id AND h.status IN ('pending', 'retrying') ORDER BY h.event_seq LIMIT 1)
    JOIN outbox_events e ON e.id = d.event_id
    WHERE s.status = 'active' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)`);

  const settle = sqlite.prepare(`
    UPDATE event_deliveries SET status = @status, attempt_count = @attemptNumber, last_attempt_at = @startedAt, next_attempt_at = @nextAttemptAt,
      response_status = @responseStatus, latency_ms = @latencyMs, error = @errorCode,
      delivered_at = CASE WHEN @status = 'delivered' THEN @startedAt + @latencyMs END
    WHERE id = @deliveryId AND status IN ('pending', 'retrying')`);
  const insertAttempt = sqlite.prepare(`
    INSERT INTO event_delivery_attempts (id, tenant_id, delivery_id, attempt_number, started_at, latency_ms, outcome, response_status, error_code)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const record = sqlite.transaction((deliveryId: string, tenantId: string, a: AttemptRecord): boolean => {
    if (settle.run({ ...a, deliveryId }).changes === 0) return false;
    insertAttempt.run(ids('DATT'), tenantId, deliveryId, a.attemptNumber, a.startedAt, a.latencyMs, a.outcome, a.responseStatus, a.errorCode);
    return true;
  });

  return {
    fanOut: (now, limit) => (behind.get() === undefined ? { written: 0, more: false } : fanOut.immediate(now, limit)),
    dueHeads(now, busy) {
      return (heads.all(now) as HeadRow[])
        .filter((r) => !busy.has(r.subscriptionId))
        .map((r) => ({
          deliveryId: r.deliveryId,
          tenantId: r.tenantId,
          subscriptionId: r.subscriptionId,
          url: r.url,
          secretCipher: r.secretCipher,
          attemptCount: r.attemptCount,
          event: { id: r.eventId, type: r.eventType, occurredAt: r.occurredAt, aggregateType: r.aggregateType, aggregateId: r.aggregateId, payload: JSON.parse(r.payload) as Record<string, unknown> },
        }));
    },
    recordAttempt: (deliveryId, tenantId, attempt) => record.immediate(deliveryId, tenantId, attempt),
  };
}
