PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__kept_outbound_attempts` AS SELECT * FROM `outbound_attempts`;--> statement-breakpoint
CREATE TABLE `__new_outbound_items` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`route_id` text,
	`destination_connector_id` text,
	`routing_rule_id` text,
	`lane_key` text NOT NULL,
	`seq` integer NOT NULL,
	`message_id` text,
	`payload_kind` text NOT NULL,
	`payload` blob NOT NULL,
	`control_id` text,
	`status` text NOT NULL,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error_code` text,
	`last_error` text,
	`ack_code` text,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`route_id`) REFERENCES `outbound_routes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`destination_connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
INSERT INTO `__new_outbound_items`("id", "tenant_id", "route_id", "destination_connector_id", "routing_rule_id", "lane_key", "seq", "message_id", "payload_kind", "payload", "control_id", "status", "attempt_count", "next_attempt_at", "last_error_code", "last_error", "ack_code", "delivered_at", "created_at", "updated_at") SELECT "id", "tenant_id", "route_id", "destination_connector_id", NULL, "lane_key", "seq", "message_id", "payload_kind", "payload", "control_id", "status", "attempt_count", "next_attempt_at", "last_error_code", "last_error", "ack_code", "delivered_at", "created_at", "updated_at" FROM `outbound_items`;--> statement-breakpoint
DROP TABLE `outbound_items`;--> statement-breakpoint
ALTER TABLE `__new_outbound_items` RENAME TO `outbound_items`;--> statement-breakpoint
INSERT OR IGNORE INTO `outbound_attempts` SELECT * FROM `__kept_outbound_attempts`;--> statement-breakpoint
DROP TABLE `__kept_outbound_attempts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_items_lane_seq_uq` ON `outbound_items` (`lane_key`,`seq`);--> statement-breakpoint
CREATE INDEX `outbound_items_open_idx` ON `outbound_items` (`lane_key`,`seq`) WHERE "outbound_items"."status" IN ('pending', 'in_flight', 'failed');--> statement-breakpoint
CREATE INDEX `outbound_items_destination_idx` ON `outbound_items` (`tenant_id`,`destination_connector_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbound_items_message_idx` ON `outbound_items` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbound_items_rule_idx` ON `outbound_items` (`tenant_id`,`routing_rule_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_outbound_lanes` (
	`lane_key` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`destination_connector_id` text,
	`routing_rule_id` text,
	`next_seq` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`destination_connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
INSERT INTO `__new_outbound_lanes`("lane_key", "tenant_id", "destination_connector_id", "routing_rule_id", "next_seq") SELECT "lane_key", "tenant_id", "destination_connector_id", NULL, "next_seq" FROM `outbound_lanes`;--> statement-breakpoint
DROP TABLE `outbound_lanes`;--> statement-breakpoint
ALTER TABLE `__new_outbound_lanes` RENAME TO `outbound_lanes`;