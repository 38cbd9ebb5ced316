import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { ENCRYPTED_COLUMNS } from './stored-secrets-repo';

describe('the encrypted columns key rotation re-encrypts', () => {
  it('are every *_cipher column of the schema, so a new secret column cannot be left behind by a rotation', () => {
    const inSchema = Object.values(schema as Record<string, unknown>)
      .filter((value): value is SQLiteTable => value instanceof SQLiteTable)
      .flatMap((table) => {
        const config = getTableConfig(table);
        return config.columns.filter((column) => column.name.endsWith('_cipher')).map((column) => `${config.name}.${column.name}`);
      });
    expect(inSchema.sort()).toEqual(ENCRYPTED_COLUMNS.map(({ table, column }) => `${table}.${column}`).sort());
  });
});
