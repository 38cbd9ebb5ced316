CREATE TABLE `event_delivery_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`attempt_number` integer NOT NULL,
	`started_at` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`response_status` integer,
	`error_code` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delivery_id`) REFERENCES `event_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_delivery_attempts_delivery_uq` ON `event_delivery_attempts` (`delivery_id`,`attempt_number`);--> statement-breakpoint
ALTER TABLE `event_deliveries` ADD `event_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `event_deliveries` ADD `event_type` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `event_deliveries` ADD `latency_ms` integer;--> statement-breakpoint
ALTER TABLE `event_deliveries` ADD `delivered_at` integer;--> statement-breakpoint
CREATE INDEX `event_deliveries_lane_open_idx` ON `event_deliveries` (`subscription_id`,`event_seq`) WHERE status IN ('pending', 'retrying');--> statement-breakpoint
ALTER TABLE `event_subscriptions` ADD `filter_connector_id` text;--> statement-breakpoint
ALTER TABLE `event_subscriptions` ADD `filter_message_type` text;--> statement-breakpoint
ALTER TABLE `event_subscriptions` ADD `cursor_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox_events` ADD `seq` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_events_seq_uq` ON `outbox_events` (`seq`);--> statement-breakpoint
UPDATE `outbox_events` SET `seq` = `rowid` WHERE `seq` IS NULL;