CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`tenant_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text NOT NULL,
	`remote_address` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`outcome` text NOT NULL,
	`error_code` text,
	`details` text,
	`prev_hash` text,
	`hash` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_seq_uq` ON `audit_events` (`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_tenant_at_idx` ON `audit_events` (`tenant_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_target_idx` ON `audit_events` (`target_id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`);--> statement-breakpoint
CREATE TABLE `audit_prune_gate` (
	`id` integer PRIMARY KEY NOT NULL,
	`prune_before` integer
);
--> statement-breakpoint
INSERT INTO `audit_events` (`id`, `seq`, `tenant_id`, `at`, `actor_kind`, `actor_id`, `action`, `target_type`, `target_id`, `outcome`, `details`)
  SELECT `id`, row_number() OVER (ORDER BY `at`, `id`), `tenant_id`, `at`, 'legacy', `actor`, `action`, `entity_type`, `entity_id`, 'ok', `details` FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
INSERT INTO `audit_prune_gate` (`id`, `prune_before`) VALUES (1, NULL);--> statement-breakpoint
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
WHEN old.`at` >= coalesce((SELECT `prune_before` FROM `audit_prune_gate` WHERE `id` = 1), -1)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: only the retention prune deletes, and only rows past retention'); END;--> statement-breakpoint
CREATE TRIGGER `audit_prune_gate_floor` BEFORE UPDATE ON `audit_prune_gate`
WHEN new.`prune_before` IS NOT NULL AND new.`prune_before` > CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 400 * 86400000 + 60000
BEGIN SELECT RAISE(ABORT, 'audit events are kept at least 400 days'); END;--> statement-breakpoint
CREATE TRIGGER `audit_prune_gate_kept` BEFORE DELETE ON `audit_prune_gate`
BEGIN SELECT RAISE(ABORT, 'the audit prune gate stays'); END;