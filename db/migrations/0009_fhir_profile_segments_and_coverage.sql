CREATE TABLE `hl7_unmapped_coverage` (
	`message_id` text NOT NULL,
	`path` text NOT NULL,
	`tenant_id` text NOT NULL,
	`connector_id` text NOT NULL,
	`profile_id` text NOT NULL,
	`profile_version` integer NOT NULL,
	`occurrences` integer NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`message_id`, `path`),
	FOREIGN KEY (`message_id`) REFERENCES `hl7_messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hl7_unmapped_coverage_group_idx` ON `hl7_unmapped_coverage` (`tenant_id`,`connector_id`,`profile_id`,`profile_version`,`path`,`seen_at`,`occurrences`);--> statement-breakpoint
ALTER TABLE `fhir_mapping_profiles` ADD `segments` text NOT NULL;--> statement-breakpoint
ALTER TABLE `fhir_mapping_profiles` DROP COLUMN `resources`;--> statement-breakpoint
ALTER TABLE `hl7_processing_attempts` ADD `profile_id` text;