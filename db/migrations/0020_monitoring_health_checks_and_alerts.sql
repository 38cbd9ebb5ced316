ALTER TABLE `alerts` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `acknowledged_by` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `resolution` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `recovery_message` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `condition_ended_at` integer;--> statement-breakpoint
CREATE INDEX `alerts_dedupe_idx` ON `alerts` (`tenant_id`,`dedupe_key`,`raised_at`);--> statement-breakpoint
ALTER TABLE `interface_health_checks` ADD `availability` real;--> statement-breakpoint
ALTER TABLE `interface_health_checks` ADD `consecutive_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `interface_health_checks` ADD `reason_code` text;