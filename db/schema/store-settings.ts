import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { epochMs } from './columns';

/**
 * The engine's store-wide settings, one row (`id = 'store'`): they are about the data directory and its
 * disk, not a tenant. Per-connector retention rules live in the connector's `settings.retention`.
 */
export const storeSettings = sqliteTable('store_settings', {
  id: text('id').primaryKey(),
  /** Retention prunes the oldest eligible messages until the database holds less than this; null: no limit. */
  maxStoreBytes: integer('max_store_bytes'),
  /** Intake refuses messages (AR) while less than this is free on the data directory's disk. */
  minFreeDiskBytes: integer('min_free_disk_bytes').notNull(),
  version: integer('version').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});
