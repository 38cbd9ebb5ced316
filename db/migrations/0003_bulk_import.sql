CREATE TABLE `bulk_import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`status` text NOT NULL,
	`request_url` text NOT NULL,
	`inputs` text NOT NULL,
	`error_bytes` integer DEFAULT 0 NOT NULL,
	`error` text,
	`expires_at` integer,
	`completed_at` integer,
	`pruned_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bulk_import_jobs_tenant_status_idx` ON `bulk_import_jobs` (`tenant_id`,`status`);--> statement-breakpoint
CREATE INDEX `bulk_import_jobs_status_idx` ON `bulk_import_jobs` (`status`);--> statement-breakpoint
ALTER TABLE `bulk_export_jobs` ADD `pruned_at` integer;