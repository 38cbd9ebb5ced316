-- The mapping profile tables were never written before this version: they are made again in their
-- versioned shape (a row per profile version under a stable profile_id) rather than altered.
DROP TABLE `fhir_mapping_profiles`;--> statement-breakpoint
DROP TABLE `hl7_mapping_profiles`;--> statement-breakpoint
CREATE TABLE `fhir_mapping_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`profile_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`profile_version` integer NOT NULL,
	`status` text NOT NULL,
	`description` text,
	`is_default` integer DEFAULT false NOT NULL,
	`resources` text NOT NULL,
	`rules` text NOT NULL,
	`actor` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`resource_type` text NOT NULL,
	`message_types` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
CREATE UNIQUE INDEX `fhir_mapping_profiles_version_uq` ON `fhir_mapping_profiles` (`tenant_id`,`profile_id`,`profile_version`);--> statement-breakpoint
CREATE INDEX `fhir_mapping_profiles_type_idx` ON `fhir_mapping_profiles` (`tenant_id`,`resource_type`,`status`);--> statement-breakpoint
CREATE TABLE `hl7_mapping_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`profile_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`profile_version` integer NOT NULL,
	`status` text NOT NULL,
	`description` text,
	`is_default` integer DEFAULT false NOT NULL,
	`resources` text NOT NULL,
	`rules` text NOT NULL,
	`actor` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`message_types` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
CREATE UNIQUE INDEX `hl7_mapping_profiles_version_uq` ON `hl7_mapping_profiles` (`tenant_id`,`profile_id`,`profile_version`);--> statement-breakpoint
CREATE INDEX `hl7_mapping_profiles_name_idx` ON `hl7_mapping_profiles` (`tenant_id`,`name`);