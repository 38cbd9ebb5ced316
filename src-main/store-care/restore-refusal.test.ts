import { describe, expect, it } from 'vitest';
import type { DatabaseInspection } from '../store/backup-inspection';
import { restoreRefusal } from './restore-refusal';

const store = (over: Partial<Extract<DatabaseInspection, { readable: true }>> = {}): DatabaseInspection => ({ readable: true, integrityOk: true, isStore: true, lastMigrationAt: 100, ciphertexts: [], ...over });
const journal: DatabaseInspection = { readable: true, integrityOk: true, isStore: false, lastMigrationAt: null, ciphertexts: [] };
const codeOf = (input: Parameters<typeof restoreRefusal>[0]) => restoreRefusal(input)?.code;

describe('restore refusal', () => {
  it('accepts a sound store at or below this engine\'s migration level whose secrets all decrypt', () => {
    expect(codeOf({ database: store(), journal, shippedMigrationAt: 100, unreadableSecrets: 0 })).toBeUndefined();
    expect(codeOf({ database: store({ lastMigrationAt: 50 }), journal, shippedMigrationAt: 100, unreadableSecrets: 0 })).toBeUndefined();
  });

  it('refuses, in this order: a file that cannot be opened or fails its integrity check, not a store, a newer migration level, unreadable secrets', () => {
    expect(codeOf({ database: { readable: false, error: 'SQLITE_NOTADB' }, journal, shippedMigrationAt: 100, unreadableSecrets: 3 })).toBe('STORE_RESTORE_CORRUPT');
    expect(codeOf({ database: store({ lastMigrationAt: 999 }), journal: { ...journal, integrityOk: false }, shippedMigrationAt: 100, unreadableSecrets: 0 })).toBe('STORE_RESTORE_CORRUPT');
    expect(codeOf({ database: store({ isStore: false, lastMigrationAt: null }), journal, shippedMigrationAt: 100, unreadableSecrets: 0 })).toBe('STORE_RESTORE_NOT_A_STORE');
    expect(codeOf({ database: store({ lastMigrationAt: 101 }), journal, shippedMigrationAt: 100, unreadableSecrets: 1 })).toBe('STORE_RESTORE_NEWER_SCHEMA');
    expect(codeOf({ database: store(), journal, shippedMigrationAt: 100, unreadableSecrets: 1 })).toBe('STORE_RESTORE_SECRETS_UNREADABLE');
  });
});
