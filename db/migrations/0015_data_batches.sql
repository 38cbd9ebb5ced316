CREATE TABLE `data_import_records` (
	`tenant_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`line` integer NOT NULL,
	`record_key` text NOT NULL,
	`status` text NOT NULL,
	`reference` text,
	`error_code` text,
	`error_message` text,
	PRIMARY KEY(`batch_id`, `line`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `data_import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `data_import_records_key_idx` ON `data_import_records` (`tenant_id`,`record_key`,`status`);--> statement-breakpoint
CREATE INDEX `data_import_records_status_idx` ON `data_import_records` (`batch_id`,`status`,`line`);--> statement-breakpoint
ALTER TABLE `data_export_batches` ADD `options` text;--> statement-breakpoint
ALTER TABLE `data_export_batches` ADD `checkpoint` text;--> statement-breakpoint
ALTER TABLE `data_export_batches` ADD `files` text;--> statement-breakpoint
ALTER TABLE `data_export_batches` ADD `error` text;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `file_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `file_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `file_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `connector_id` text;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `mapping` text;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `options` text;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `checkpoint` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `duplicate_records` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `data_import_batches` ADD `error` text;