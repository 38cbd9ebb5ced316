import { createHash } from 'node:crypto';
import type { IndexRows } from '../fhir/search';
import type { IndexTable } from '../fhir/search/index-rows';

/** The index tables in the order their digests are joined. */
export const DIGESTED_TABLES: readonly IndexTable[] = ['token', 'string', 'date', 'reference', 'quantity', 'uri'];

/**
 * One short digest per index table of a resource's search rows, joined with '.': a new version whose
 * rows of a table digest the same as the stored version's keeps that table's rows instead of deleting
 * and inserting them again (an update usually changes a value or two, or only meta.source).
 */
export function indexDigestOf(rows: IndexRows): string {
  return DIGESTED_TABLES.map((table) => createHash('sha1').update(JSON.stringify(rows[table])).digest('base64url').slice(0, 16)).join('.');
}

/**
 * Which index tables a write must rewrite: every table for a first version; for a later one, the tables
 * whose digest differs from the stored version's — all of them when that is unknown (null: a tombstone,
 * or a version written before digests were kept).
 */
export function tablesToRewrite(previous: string | null, next: string | null): ReadonlySet<IndexTable> {
  if (previous === null || next === null) return new Set(DIGESTED_TABLES);
  const before = previous.split('.');
  const after = next.split('.');
  return new Set(DIGESTED_TABLES.filter((_, i) => before[i] !== after[i]));
}
