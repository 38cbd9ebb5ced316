import { IdPrefix } from '../core/ids';

const typeOfPrefix = new Map<string, string>(Object.entries(IdPrefix).map(([type, prefix]) => [prefix, type.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));

/** The entity an id names, from its prefix (`CONN_…` → connector); the operation's domain for any other id. */
export function targetOf(operation: string, id: unknown): { targetType: string; targetId: string } | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  const prefix = /^([A-Z]+)_/.exec(id)?.[1];
  const type = (prefix !== undefined ? typeOfPrefix.get(prefix) : undefined) ?? operation.split('.')[0] ?? operation;
  return { targetType: type, targetId: id.slice(0, 200) };
}

const NOT_CHANGES = new Set(['id', 'version', 'expectedVersion', 'expectedCount', 'page', 'pageSize', 'cursor']);

/** The names of the fields a change sent (never their values), for `details.fields`. */
export function changedFieldNames(input: unknown): string[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [];
  return Object.keys(input).filter((key) => !NOT_CHANGES.has(key)).sort();
}
