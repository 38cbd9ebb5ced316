CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`at` integer NOT NULL,
	`details` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_tenant_at_idx` ON `audit_log` (`tenant_id`,`at`);--> statement-breakpoint
CREATE TABLE `external_systems` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text,
	`contact` text,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_systems_tenant_name_uq` ON `external_systems` (`tenant_id`,`name`);--> statement-breakpoint
CREATE INDEX `external_systems_tenant_kind_idx` ON `external_systems` (`tenant_id`,`kind`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_name_unique` ON `tenants` (`name`);--> statement-breakpoint
CREATE TABLE `interop_connectors` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`external_system_id` text,
	`facility_id` text,
	`name` text NOT NULL,
	`protocol` text NOT NULL,
	`direction` text NOT NULL,
	`host` text,
	`port` integer,
	`tls_enabled` integer NOT NULL,
	`auth_mode` text NOT NULL,
	`auth_config_cipher` text,
	`message_types` text NOT NULL,
	`settings` text NOT NULL,
	`status` text NOT NULL,
	`last_error` text,
	`activated_at` integer,
	`active_slot` text GENERATED ALWAYS AS (case when status = 'active' then tenant_id || '|' || coalesce(facility_id, '') || '|' || protocol || '|' || direction || '|' || coalesce(port, '') end) VIRTUAL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`external_system_id`) REFERENCES `external_systems`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interop_connectors_tenant_name_uq` ON `interop_connectors` (`tenant_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `interop_connectors_one_active_uq` ON `interop_connectors` (`active_slot`);--> statement-breakpoint
CREATE INDEX `interop_connectors_tenant_status_idx` ON `interop_connectors` (`tenant_id`,`status`);--> statement-breakpoint
CREATE INDEX `interop_connectors_external_system_idx` ON `interop_connectors` (`external_system_id`);--> statement-breakpoint
CREATE TABLE `fhir_mapping_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`profile_version` integer NOT NULL,
	`status` text NOT NULL,
	`description` text,
	`rules` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`resource_type` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fhir_mapping_profiles_name_version_uq` ON `fhir_mapping_profiles` (`tenant_id`,`name`,`profile_version`);--> statement-breakpoint
CREATE INDEX `fhir_mapping_profiles_type_idx` ON `fhir_mapping_profiles` (`tenant_id`,`resource_type`,`status`);--> statement-breakpoint
CREATE TABLE `hl7_mapping_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`profile_version` integer NOT NULL,
	`status` text NOT NULL,
	`description` text,
	`rules` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`message_type` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hl7_mapping_profiles_name_version_uq` ON `hl7_mapping_profiles` (`tenant_id`,`name`,`profile_version`);--> statement-breakpoint
CREATE INDEX `hl7_mapping_profiles_type_idx` ON `hl7_mapping_profiles` (`tenant_id`,`message_type`,`status`);--> statement-breakpoint
CREATE TABLE `hl7_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`connector_id` text NOT NULL,
	`direction` text NOT NULL,
	`raw` blob NOT NULL,
	`raw_size` integer NOT NULL,
	`charset` text,
	`sending_application` text,
	`sending_facility` text,
	`receiving_application` text,
	`receiving_facility` text,
	`message_type` text,
	`message_control_id` text,
	`version_id` text,
	`patient_id` text,
	`patient_name` text,
	`order_numbers` text,
	`search_indexed` integer DEFAULT false NOT NULL,
	`remote_address` text,
	`received_at` integer NOT NULL,
	`status` text NOT NULL,
	`accepted` integer NOT NULL,
	`ack_code` text,
	`ack_payload` text,
	`error_code` text,
	`error_message` text,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`processed_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hl7_messages_dedup_uq` ON `hl7_messages` (`connector_id`,`message_control_id`,`sending_application`) WHERE "hl7_messages"."accepted" = 1;--> statement-breakpoint
CREATE INDEX `hl7_messages_tenant_received_idx` ON `hl7_messages` (`tenant_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `hl7_messages_connector_received_idx` ON `hl7_messages` (`connector_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `hl7_messages_status_next_idx` ON `hl7_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `hl7_processing_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`message_id` text NOT NULL,
	`attempt_number` integer NOT NULL,
	`trigger` text NOT NULL,
	`actor` text,
	`idempotency_key` text,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`error_code` text,
	`error_message` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `hl7_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hl7_attempts_message_number_uq` ON `hl7_processing_attempts` (`message_id`,`attempt_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `hl7_attempts_idempotency_uq` ON `hl7_processing_attempts` (`message_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `hl7_resource_links` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`message_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`action` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `hl7_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `hl7_links_message_idx` ON `hl7_resource_links` (`message_id`);--> statement-breakpoint
CREATE INDEX `hl7_links_resource_idx` ON `hl7_resource_links` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `interface_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`connector_id` text,
	`message_id` text,
	`run_id` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`message_id`) REFERENCES `hl7_messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `interface_errors_tenant_status_idx` ON `interface_errors` (`tenant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `interface_errors_message_idx` ON `interface_errors` (`message_id`);--> statement-breakpoint
CREATE TABLE `bulk_export_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`level` text NOT NULL,
	`group_id` text,
	`resource_types` text,
	`since` integer,
	`status` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`request_url` text NOT NULL,
	`output` text,
	`error` text,
	`expires_at` integer,
	`completed_at` integer,
	`active_slot` text GENERATED ALWAYS AS (case when status in ('accepted', 'in-progress') then tenant_id || '|' || coalesce(group_id, '') end) VIRTUAL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bulk_export_jobs_one_active_uq` ON `bulk_export_jobs` (`active_slot`);--> statement-breakpoint
CREATE INDEX `bulk_export_jobs_tenant_status_idx` ON `bulk_export_jobs` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `fhir_bundles` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`bundle_type` text NOT NULL,
	`direction` text NOT NULL,
	`connector_id` text,
	`message_id` text,
	`resource_count` integer NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`message_id`) REFERENCES `hl7_messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `fhir_bundles_tenant_created_idx` ON `fhir_bundles` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `fhir_bundles_message_idx` ON `fhir_bundles` (`message_id`);--> statement-breakpoint
CREATE TABLE `fhir_routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`category` text,
	`profile` text,
	`target` text NOT NULL,
	`service_url` text,
	`fan_out` integer NOT NULL,
	`is_primary` integer NOT NULL,
	`priority` integer NOT NULL,
	`primary_slot` text GENERATED ALWAYS AS (case when is_primary = 1 and status = 'active' then tenant_id || '|' || resource_type || '|' || coalesce(category, '') || '|' || coalesce(profile, '') end) VIRTUAL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fhir_routing_rules_primary_uq` ON `fhir_routing_rules` (`primary_slot`);--> statement-breakpoint
CREATE INDEX `fhir_routing_rules_lookup_idx` ON `fhir_routing_rules` (`tenant_id`,`resource_type`,`status`,`priority`);--> statement-breakpoint
CREATE TABLE `data_export_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text,
	`format` text NOT NULL,
	`location` text NOT NULL,
	`status` text NOT NULL,
	`total_records` integer DEFAULT 0 NOT NULL,
	`succeeded_records` integer DEFAULT 0 NOT NULL,
	`failed_records` integer DEFAULT 0 NOT NULL,
	`errors` text,
	`started_at` integer,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `integration_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `data_export_batches_tenant_status_idx` ON `data_export_batches` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `data_import_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text,
	`format` text NOT NULL,
	`location` text NOT NULL,
	`status` text NOT NULL,
	`total_records` integer DEFAULT 0 NOT NULL,
	`succeeded_records` integer DEFAULT 0 NOT NULL,
	`failed_records` integer DEFAULT 0 NOT NULL,
	`errors` text,
	`started_at` integer,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `integration_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `data_import_batches_tenant_status_idx` ON `data_import_batches` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `integration_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`external_system_id` text,
	`connector_id` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`schedule` text,
	`config` text NOT NULL,
	`enabled` integer NOT NULL,
	`last_run_at` integer,
	`next_run_at` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`external_system_id`) REFERENCES `external_systems`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integration_jobs_tenant_name_uq` ON `integration_jobs` (`tenant_id`,`name`);--> statement-breakpoint
CREATE INDEX `integration_jobs_next_run_idx` ON `integration_jobs` (`enabled`,`next_run_at`);--> statement-breakpoint
CREATE TABLE `integration_run_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`at` integer NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `integration_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `integration_run_logs_run_idx` ON `integration_run_logs` (`run_id`,`at`);--> statement-breakpoint
CREATE TABLE `integration_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`job_id` text NOT NULL,
	`status` text NOT NULL,
	`trigger` text NOT NULL,
	`idempotency_key` text,
	`lease_owner` text,
	`lease_until` integer,
	`records_read` integer DEFAULT 0 NOT NULL,
	`records_written` integer DEFAULT 0 NOT NULL,
	`records_failed` integer DEFAULT 0 NOT NULL,
	`error` text,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`job_id`) REFERENCES `integration_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `integration_runs_job_idx` ON `integration_runs` (`job_id`,`queued_at`);--> statement-breakpoint
CREATE INDEX `integration_runs_status_idx` ON `integration_runs` (`status`,`lease_until`);--> statement-breakpoint
CREATE UNIQUE INDEX `integration_runs_idempotency_uq` ON `integration_runs` (`job_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `event_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`subscription_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` integer,
	`next_attempt_at` integer,
	`response_status` integer,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subscription_id`) REFERENCES `event_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `outbox_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_deliveries_subscription_event_uq` ON `event_deliveries` (`subscription_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `event_deliveries_due_idx` ON `event_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `event_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`event_types` text NOT NULL,
	`target_url` text NOT NULL,
	`secret_cipher` text,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_subscriptions_tenant_name_uq` ON `event_subscriptions` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`aggregate_type` text NOT NULL,
	`aggregate_id` text NOT NULL,
	`payload` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`dispatched_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_events_pending_idx` ON `outbox_events` (`dispatched_at`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `outbox_events_aggregate_idx` ON `outbox_events` (`aggregate_type`,`aggregate_id`);--> statement-breakpoint
CREATE TABLE `api_clients` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`status` text NOT NULL,
	`request_count` integer DEFAULT 0 NOT NULL,
	`last_seen_at` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_clients_tenant_name_uq` ON `api_clients` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `api_credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`kind` text NOT NULL,
	`key_prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`expires_at` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `api_clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_credentials_key_prefix_unique` ON `api_credentials` (`key_prefix`);--> statement-breakpoint
CREATE INDEX `api_credentials_client_idx` ON `api_credentials` (`client_id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`connector_id` text,
	`kind` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`message` text NOT NULL,
	`occurrences` integer DEFAULT 1 NOT NULL,
	`raised_at` integer NOT NULL,
	`acknowledged_at` integer,
	`resolved_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_dedupe_uq` ON `alerts` (`tenant_id`,`dedupe_key`) WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_tenant_status_idx` ON `alerts` (`tenant_id`,`status`,`raised_at`);--> statement-breakpoint
CREATE TABLE `interface_health_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`connector_id` text,
	`external_system_id` text,
	`checked_at` integer NOT NULL,
	`status` text NOT NULL,
	`latency_ms` integer,
	`last_success_at` integer,
	`last_failure_at` integer,
	`detail` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connector_id`) REFERENCES `interop_connectors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`external_system_id`) REFERENCES `external_systems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `interface_health_checks_connector_idx` ON `interface_health_checks` (`connector_id`,`checked_at`);