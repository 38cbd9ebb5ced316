import { sqliteTable, text, index, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, json, tenantColumn } from './columns';

/**
 * Who did what, when, from where, and how it ended: append-only. Triggers (migration 0023) refuse UPDATE
 * and every DELETE but the retention prune's (audit-repo.ts, through `audit_prune_gate`). Each row carries
 * the SHA-256 of the row before it and of itself, so an edited or removed row breaks the chain.
 * `details` holds names, never values (no bodies, no PHI, no secrets).
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    /** Order of writing (max + 1, assigned by the one writer): the chain's order and the list's keyset. */
    seq: integer('seq').notNull(),
    tenantId: tenantColumn(),
    at: epochMs('at').notNull(),
    /** desktop | local | access-token | api-client | operator | system | anonymous | legacy (rows from before this table) */
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    remoteAddress: text('remote_address'),
    /** An operation name (`connectors.update`) or a named event (`sign-in`, `fhir.export.download`). */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** ok | refused | failed */
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
    details: json<Record<string, unknown>>('details'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [uniqueIndex('audit_events_seq_uq').on(t.seq), index('audit_events_tenant_at_idx').on(t.tenantId, t.at), index('audit_events_target_idx').on(t.targetId), index('audit_events_actor_idx').on(t.actorId)],
);

/** One row (id = 1): while `prune_before` is set, the delete trigger lets rows older than it go. */
export const auditPruneGate = sqliteTable('audit_prune_gate', {
  id: integer('id').primaryKey(),
  pruneBefore: epochMs('prune_before'),
});
