import { integer, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds; the API turns them into ISO-8601 strings. */
export const epochMs = (name: string) => integer(name, { mode: 'number' });
export const bool = (name: string) => integer(name, { mode: 'boolean' });
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const tenantColumn = () => text('tenant_id').notNull();
export const timestamps = () => ({
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});
