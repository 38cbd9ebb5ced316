CREATE TABLE `integration_run_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`at` integer NOT NULL,
	`record` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `integration_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `integration_run_errors_run_idx` ON `integration_run_errors` (`run_id`,`at`);--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `overlap` text DEFAULT 'skip' NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `catch_up` text DEFAULT 'run-once' NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `state` text;--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `skipped_runs` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `last_skipped_at` integer;--> statement-breakpoint
ALTER TABLE `integration_jobs` ADD `last_skip_reason` text;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `records_skipped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `records_conflicts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `progress_done` integer;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `progress_total` integer;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `checkpoint` text;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `job_state` text;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `job_state_set` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `error_code` text;--> statement-breakpoint
ALTER TABLE `integration_runs` ADD `scheduled_for` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `integration_runs_one_running_uq` ON `integration_runs` (`job_id`) WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX `integration_runs_one_waiting_uq` ON `integration_runs` (`job_id`) WHERE status = 'queued';