DROP INDEX `hl7_messages_connector_received_idx`;--> statement-breakpoint
CREATE INDEX `hl7_messages_log_connector_idx` ON `hl7_messages` (`tenant_id`,`connector_id`,`received_at`,`message_type`,`status`);--> statement-breakpoint
CREATE INDEX `hl7_messages_log_type_idx` ON `hl7_messages` (`tenant_id`,`message_type`,`received_at`,`connector_id`,`status`);--> statement-breakpoint
CREATE INDEX `hl7_messages_log_status_idx` ON `hl7_messages` (`tenant_id`,`status`,`received_at`,`connector_id`,`message_type`);