import { describe, expect, it } from 'vitest';
import { newResourceId } from './resource-id';

describe('new resource ids', () => {
  it('are UUIDv7s in creation order, also within one millisecond, and valid FHIR ids', () => {
    const ids = [newResourceId(1_700_000_000_000), ...Array.from({ length: 5000 }, () => newResourceId(1_700_000_000_001)), newResourceId(1_700_000_000_500)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]!.replace(/-/g, '').slice(0, 12)).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });

  it('stay in order when the clock steps back', () => {
    const later = newResourceId(1_800_000_000_000);
    expect(newResourceId(1_799_999_999_000) > later).toBe(true);
  });
});
