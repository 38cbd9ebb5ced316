CREATE TABLE `connector_metrics` (
	`tenant_id` text NOT NULL,
	`connector_id` text NOT NULL,
	`resolution` text NOT NULL,
	`start_at` integer NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`send_failed` integer DEFAULT 0 NOT NULL,
	`ack_latency` text,
	`queue_depth` integer DEFAULT 0 NOT NULL,
	`outbound_depth` integer DEFAULT 0 NOT NULL,
	`oldest_pending_age_ms` integer,
	`last_sent_at` integer,
	PRIMARY KEY(`connector_id`, `resolution`, `start_at`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `connector_metrics_resolution_idx` ON `connector_metrics` (`resolution`,`start_at`);