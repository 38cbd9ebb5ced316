import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, tenantColumn, timestamps } from './columns';

export const tenants = sqliteTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: epochMs('created_at').notNull(),
});

export const externalSystems = sqliteTable(
  'external_systems',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    description: text('description'),
    contact: text('contact'),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('external_systems_tenant_name_uq').on(t.tenantId, t.name), index('external_systems_tenant_kind_idx').on(t.tenantId, t.kind)],
);
