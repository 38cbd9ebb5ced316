import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, json, tenantColumn, timestamps } from './columns';
import { interopConnectors } from './connectors';
import { tenants } from './tenancy';

/**
 * An inbound connector's route to an outbound connector: which of its processed messages go there
 * (filter) and what is sent (payload). Shapes are `OutboundRouteFilter` / `OutboundPayloadSpec` in
 * src-shared/outbound.ts.
 */
export const outboundRoutes = sqliteTable(
  'outbound_routes',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    name: text('name').notNull(),
    sourceConnectorId: text('source_connector_id').notNull().references(() => interopConnectors.id, { onDelete: 'restrict' }),
    destinationConnectorId: text('destination_connector_id').notNull().references(() => interopConnectors.id, { onDelete: 'restrict' }),
    filter: json<Record<string, unknown>>('filter').notNull(),
    payload: json<Record<string, unknown>>('payload').notNull(),
    /** 'destination': one FIFO lane per destination; 'patient': one per destination and patient (PID-3's first identifier). */
    laneBy: text('lane_by').notNull(),
    enabled: bool('enabled').notNull(),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('outbound_routes_tenant_name_uq').on(t.tenantId, t.name),
    index('outbound_routes_source_idx').on(t.sourceConnectorId, t.enabled),
    index('outbound_routes_destination_idx').on(t.destinationConnectorId),
  ],
);

/**
 * One thing to deliver to one destination, written in the transaction that caused it. A route's item
 * (route_id, destination_connector_id) is written with its processed message; its payload is computed
 * then and never again, so a retry or a requeue sends the same bytes (for HL7, the MSH-10 in
 * `control_id` is what the destination's ACK must echo in MSA-2). A queued upstream write
 * (routing_rule_id, no route or connector) is written with the gateway's local write while the owning
 * server is down; its payload names the resource, whose current local version is read when it is sent.
 * Items of one lane are delivered in `seq` order; the head (lowest seq not delivered, dead or skipped)
 * blocks its lane.
 */
export const outboundItems = sqliteTable(
  'outbound_items',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    routeId: text('route_id').references(() => outboundRoutes.id, { onDelete: 'restrict' }),
    destinationConnectorId: text('destination_connector_id').references(() => interopConnectors.id, { onDelete: 'restrict' }),
    /** The FHIR routing rule whose upstream server a queued write goes to (no foreign key: a deleted rule's lane waits, shown inactive, until skipped). */
    routingRuleId: text('routing_rule_id'),
    laneKey: text('lane_key').notNull(),
    seq: integer('seq').notNull(),
    messageId: text('message_id'),
    payloadKind: text('payload_kind').notNull(),
    /** The bytes to send: the stored raw message as received, or UTF-8 of the HL7 / Bundle JSON built at enqueue. */
    payload: blob('payload', { mode: 'buffer' }).notNull(),
    controlId: text('control_id'),
    /** pending | in_flight | delivered | failed | dead | skipped ('failed': a retry is scheduled at next_attempt_at). */
    status: text('status').notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: epochMs('next_attempt_at'),
    lastErrorCode: text('last_error_code'),
    lastError: text('last_error'),
    ackCode: text('ack_code'),
    deliveredAt: epochMs('delivered_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('outbound_items_lane_seq_uq').on(t.laneKey, t.seq),
    // The drainer's heads: per lane, the lowest seq still open.
    index('outbound_items_open_idx').on(t.laneKey, t.seq).where(sql`${t.status} IN ('pending', 'in_flight', 'failed')`),
    index('outbound_items_destination_idx').on(t.tenantId, t.destinationConnectorId, t.status, t.createdAt),
    index('outbound_items_message_idx').on(t.messageId),
    index('outbound_items_rule_idx').on(t.tenantId, t.routingRuleId, t.status, t.createdAt),
  ],
);

/** One delivery attempt of an item: what the destination answered, or why it could not be reached. */
export const outboundAttempts = sqliteTable(
  'outbound_attempts',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    itemId: text('item_id').notNull().references(() => outboundItems.id, { onDelete: 'cascade' }),
    startedAt: epochMs('started_at').notNull(),
    finishedAt: epochMs('finished_at'),
    /** delivered | retry | dead | interrupted */
    outcome: text('outcome'),
    ackCode: text('ack_code'),
    errorCode: text('error_code'),
    error: text('error'),
    latencyMs: integer('latency_ms'),
  },
  (t) => [index('outbound_attempts_item_idx').on(t.itemId, t.startedAt)],
);

/**
 * A destination the operator paused: its lanes keep their items and take new ones, and nothing is sent
 * until it is resumed. Apart from the connector's lifecycle status, so pausing delivery never stops a
 * listener or changes what the connector list says about the connection.
 */
export const outboundPauses = sqliteTable('outbound_pauses', {
  destinationConnectorId: text('destination_connector_id').primaryKey().references(() => interopConnectors.id, { onDelete: 'cascade' }),
  tenantId: tenantColumn().references(() => tenants.id),
  pausedAt: epochMs('paused_at').notNull(),
});

/** The next seq of each lane (a lane's items may all be gone from a page, its order must not restart); its destination is a connector or a routing rule's upstream. */
export const outboundLanes = sqliteTable('outbound_lanes', {
  laneKey: text('lane_key').primaryKey(),
  tenantId: tenantColumn().references(() => tenants.id),
  destinationConnectorId: text('destination_connector_id').references(() => interopConnectors.id, { onDelete: 'restrict' }),
  routingRuleId: text('routing_rule_id'),
  nextSeq: integer('next_seq').notNull(),
});
