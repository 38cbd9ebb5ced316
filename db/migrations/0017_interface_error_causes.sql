ALTER TABLE `interface_errors` ADD `source` text DEFAULT 'message' NOT NULL;--> statement-breakpoint
ALTER TABLE `interface_errors` ADD `cause_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `interface_errors` ADD `cause` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `interface_errors` ADD `outbound_item_id` text;--> statement-breakpoint
ALTER TABLE `interface_errors` ADD `record` text;--> statement-breakpoint
CREATE INDEX `interface_errors_cause_idx` ON `interface_errors` (`tenant_id`,`status`,`cause_key`,`created_at`);--> statement-breakpoint
UPDATE `interface_errors` SET `cause_key` = `code`, `cause` = `code` WHERE `cause_key` = '';