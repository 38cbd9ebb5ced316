import { describe, expect, it } from 'vitest';
import { plToLocationReference } from './location';

const pl = (text: string) => text.split('^').map((c) => c.split('&'));

describe('PL → location reference', () => {
  it('names the place from the bed outwards to the facility, each part by its first subcomponent', () => {
    expect(plToLocationReference(pl('HUH AE OMU&9.8&ISO^OMU B^Bed 03^HOMERTON UNIVER^^C^Homerton UH^Floor5'))).toEqual({ ok: true, value: { display: 'Bed 03, OMU B, Floor5, HUH AE OMU, Homerton UH, HOMERTON UNIVER' } });
    expect(plToLocationReference(pl('2000^2012^01'))).toEqual({ ok: true, value: { display: '01, 2012, 2000' } });
  });

  it('falls back to the location description, and gives an issue for a location with no part', () => {
    expect(plToLocationReference(pl('^^^^^^^^East wing lounge'))).toEqual({ ok: true, value: { display: 'East wing lounge' } });
    expect(plToLocationReference(pl('^^^^N')).ok).toBe(false);
  });
});
