DROP INDEX `hl7_messages_dedup_uq`;--> statement-breakpoint
ALTER TABLE `hl7_messages` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `hl7_messages` ADD `control_id_reused` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `hl7_messages_dedup_content_uq` ON `hl7_messages` (`connector_id`,`message_control_id`,`sending_application`,`content_hash`) WHERE "hl7_messages"."accepted" = 1;--> statement-breakpoint
CREATE INDEX `hl7_messages_unhashed_idx` ON `hl7_messages` (`id`) WHERE "hl7_messages"."content_hash" is null;--> statement-breakpoint
ALTER TABLE `interop_connectors` ADD `control_id_reused_count` integer DEFAULT 0 NOT NULL;