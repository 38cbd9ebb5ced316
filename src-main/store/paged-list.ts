import { count, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './open-store';

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** One page of rows, and how many match in all. */
export interface Page<T> {
  rows: T[];
  total: number;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (with `escape '\'`). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of a table's rows matching `condition`, in `order`, with the total count. */
export function pagedList<T extends SQLiteTable>(db: Db, table: T, condition: SQL | undefined, order: (SQLiteColumn | SQL)[], page: PageRequest): Page<T['$inferSelect']> {
  const rows = db
    .select()
    .from(table as SQLiteTable)
    .where(condition)
    .orderBy(...order)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .all() as T['$inferSelect'][];
  const total = db.select({ n: count() }).from(table as SQLiteTable).where(condition).get()?.n ?? 0;
  return { rows, total };
}
