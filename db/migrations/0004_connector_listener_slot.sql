DROP INDEX `interop_connectors_one_active_uq`;--> statement-breakpoint
ALTER TABLE `interop_connectors` DROP COLUMN `active_slot`;--> statement-breakpoint
ALTER TABLE `interop_connectors` ADD `active_slot` text GENERATED ALWAYS AS (case when status <> 'active' then null when protocol = 'mllp' and direction <> 'outbound' then tenant_id || '|listener|' || coalesce(host, '') || '|' || coalesce(port, '') else tenant_id || '|' || coalesce(facility_id, '') || '|' || protocol || '|' || direction || '|' || coalesce(port, '') end) VIRTUAL;--> statement-breakpoint
UPDATE `interop_connectors` SET `status` = 'paused', `version` = `version` + 1, `last_error` = 'Paused on upgrade: another active connector listens on the same host and port'
WHERE `id` IN (
  SELECT c.`id` FROM `interop_connectors` c WHERE c.`active_slot` IS NOT NULL AND EXISTS (
    SELECT 1 FROM `interop_connectors` o WHERE o.`active_slot` = c.`active_slot` AND o.`id` <> c.`id`
      AND (coalesce(o.`activated_at`, 0) < coalesce(c.`activated_at`, 0) OR (coalesce(o.`activated_at`, 0) = coalesce(c.`activated_at`, 0) AND o.`id` < c.`id`))));--> statement-breakpoint
UPDATE `interop_connectors` SET `settings` = '{}' WHERE NOT (`protocol` = 'mllp' AND `direction` <> 'outbound') AND `settings` <> '{}';--> statement-breakpoint
CREATE UNIQUE INDEX `interop_connectors_one_active_uq` ON `interop_connectors` (`active_slot`);
