import { describe, expect, it } from 'vitest';
import { ENGINE_TRANSFORMS } from '../mapping/run-profile';
import { TRANSFORMS } from '../mapping/transforms/registry';
import { transformCatalog } from './transform-catalog';

describe('transformCatalog', () => {
  it('lists every registry transform and every engine transform once, in name order, with their arguments', () => {
    const names = transformCatalog().map((t) => t.name);
    expect(names).toEqual([...TRANSFORMS.keys(), ...ENGINE_TRANSFORMS].sort((a, b) => a.localeCompare(b)));
    expect(transformCatalog().find((t) => t.name === 'v2_table')?.args.find((a) => a.name === 'table')).toMatchObject({ type: 'string', required: true });
  });
});
