CREATE TABLE `store_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`max_store_bytes` integer,
	`min_free_disk_bytes` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
