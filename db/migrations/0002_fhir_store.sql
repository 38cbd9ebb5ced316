CREATE TABLE `fhir_resource_history` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`id` text NOT NULL,
	`version_id` integer NOT NULL,
	`last_updated` integer NOT NULL,
	`method` text NOT NULL,
	`deleted` integer NOT NULL,
	`content` text,
	PRIMARY KEY(`tenant_id`, `resource_type`, `id`, `version_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fhir_history_updated_idx` ON `fhir_resource_history` (`tenant_id`,`last_updated`);--> statement-breakpoint
CREATE TABLE `fhir_resources` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`id` text NOT NULL,
	`version_id` integer NOT NULL,
	`last_updated` integer NOT NULL,
	`deleted` integer NOT NULL,
	`content` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `resource_type`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fhir_resources_updated_idx` ON `fhir_resources` (`tenant_id`,`resource_type`,`last_updated`);--> statement-breakpoint
CREATE TABLE `fhir_search_date` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`param` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fhir_search_date_value_idx` ON `fhir_search_date` (`tenant_id`,`resource_type`,`param`,`start`,`end`);--> statement-breakpoint
CREATE INDEX `fhir_search_date_resource_idx` ON `fhir_search_date` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `fhir_search_quantity` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`param` text NOT NULL,
	`value` real NOT NULL,
	`system` text,
	`code` text
);
--> statement-breakpoint
CREATE INDEX `fhir_search_quantity_value_idx` ON `fhir_search_quantity` (`tenant_id`,`resource_type`,`param`,`value`);--> statement-breakpoint
CREATE INDEX `fhir_search_quantity_resource_idx` ON `fhir_search_quantity` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `fhir_search_reference` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`param` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`url` text
);
--> statement-breakpoint
CREATE INDEX `fhir_search_reference_target_idx` ON `fhir_search_reference` (`tenant_id`,`resource_type`,`param`,`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `fhir_search_reference_reverse_idx` ON `fhir_search_reference` (`tenant_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `fhir_search_reference_resource_idx` ON `fhir_search_reference` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `fhir_search_string` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`param` text NOT NULL,
	`value` text NOT NULL,
	`exact` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fhir_search_string_value_idx` ON `fhir_search_string` (`tenant_id`,`resource_type`,`param`,`value`);--> statement-breakpoint
CREATE INDEX `fhir_search_string_resource_idx` ON `fhir_search_string` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `fhir_search_token` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`param` text NOT NULL,
	`system` text,
	`code` text,
	`text` text
);
--> statement-breakpoint
CREATE INDEX `fhir_search_token_value_idx` ON `fhir_search_token` (`tenant_id`,`resource_type`,`param`,`code`,`system`);--> statement-breakpoint
CREATE INDEX `fhir_search_token_resource_idx` ON `fhir_search_token` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `fhir_search_uri` (
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`param` text NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fhir_search_uri_value_idx` ON `fhir_search_uri` (`tenant_id`,`resource_type`,`param`,`value`);--> statement-breakpoint
CREATE INDEX `fhir_search_uri_resource_idx` ON `fhir_search_uri` (`resource_type`,`resource_id`);