CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`job_id` text NOT NULL,
	`peer` text NOT NULL,
	`direction` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`status` text NOT NULL,
	`local` text,
	`remote` text,
	`local_version` integer,
	`remote_version` text,
	`differing_fields` text NOT NULL,
	`detected_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_tenant_status_idx` ON `sync_conflicts` (`tenant_id`,`status`,`detected_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `sync_conflicts_open_uq` ON `sync_conflicts` (`tenant_id`,`peer`,`resource_type`,`resource_id`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `sync_states` (
	`tenant_id` text NOT NULL,
	`peer` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`remote_version` text,
	`remote_last_updated` text,
	`content_hash` text NOT NULL,
	`content` text NOT NULL,
	`local_version` integer,
	`job_id` text NOT NULL,
	`synced_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `peer`, `resource_type`, `resource_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
