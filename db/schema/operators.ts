import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, timestamps } from './columns';

/**
 * People who sign in to the console over HTTP. Not tenant-owned: an operator works the engine, whose
 * tenants they may all see. The password is kept only as an argon2id hash.
 */
export const operators = sqliteTable('operators', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** admin | operator | viewer: the scopes follow from it (access/operator-roles.ts). */
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: bool('disabled').notNull().default(false),
  lastSignInAt: epochMs('last_sign_in_at'),
  ...timestamps(),
});

/** A signed-in browser: the row is keyed by the SHA-256 of the cookie's random id, never the id itself. */
export const operatorSessions = sqliteTable(
  'operator_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id, { onDelete: 'cascade' }),
    createdAt: epochMs('created_at').notNull(),
    lastSeenAt: epochMs('last_seen_at').notNull(),
    /** The absolute end; the idle end is last_seen_at + the idle timeout. */
    expiresAt: epochMs('expires_at').notNull(),
    remoteAddress: text('remote_address').notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('operator_sessions_operator_idx').on(t.operatorId)],
);
