CREATE TABLE `outbound_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`item_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`outcome` text,
	`ack_code` text,
	`error_code` text,
	`error` text,
	`latency_ms` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `outbound_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbound_attempts_item_idx` ON `outbound_attempts` (`item_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `outbound_items` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`route_id` text NOT NULL,
	`destination_connector_id` text NOT NULL,
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
CREATE UNIQUE INDEX `outbound_items_lane_seq_uq` ON `outbound_items` (`lane_key`,`seq`);--> statement-breakpoint
CREATE INDEX `outbound_items_open_idx` ON `outbound_items` (`lane_key`,`seq`) WHERE "outbound_items"."status" IN ('pending', 'in_flight', 'failed');--> statement-breakpoint
CREATE INDEX `outbound_items_destination_idx` ON `outbound_items` (`tenant_id`,`destination_connector_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbound_items_message_idx` ON `outbound_items` (`message_id`);--> statement-breakpoint
CREATE TABLE `outbound_lanes` (
	`lane_key` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`destination_connector_id` text NOT NULL,
	`next_seq` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`destination_connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `outbound_pauses` (
	`destination_connector_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`paused_at` integer NOT NULL,
	FOREIGN KEY (`destination_connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbound_routes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`source_connector_id` text NOT NULL,
	`destination_connector_id` text NOT NULL,
	`filter` text NOT NULL,
	`payload` text NOT NULL,
	`lane_by` text NOT NULL,
	`enabled` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`destination_connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_routes_tenant_name_uq` ON `outbound_routes` (`tenant_id`,`name`);--> statement-breakpoint
CREATE INDEX `outbound_routes_source_idx` ON `outbound_routes` (`source_connector_id`,`enabled`);--> statement-breakpoint
CREATE INDEX `outbound_routes_destination_idx` ON `outbound_routes` (`destination_connector_id`);