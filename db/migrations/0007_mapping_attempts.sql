ALTER TABLE `hl7_processing_attempts` ADD `mapping` text;--> statement-breakpoint
ALTER TABLE `hl7_processing_attempts` ADD `profile_name` text;--> statement-breakpoint
ALTER TABLE `hl7_processing_attempts` ADD `profile_version` integer;--> statement-breakpoint
ALTER TABLE `hl7_processing_attempts` ADD `unmapped` text;--> statement-breakpoint
ALTER TABLE `hl7_processing_attempts` ADD `rule_errors` text;