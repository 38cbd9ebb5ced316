CREATE TABLE `token_signing_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`key_cipher` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `api_clients` ADD `bound_tenant_id` text REFERENCES tenants(id);--> statement-breakpoint
ALTER TABLE `api_clients` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `revoked_at` integer;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `rate_limit_per_minute` integer DEFAULT 600 NOT NULL;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `refused_count` integer DEFAULT 0 NOT NULL;