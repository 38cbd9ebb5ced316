import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../src-shared';
import { mergeAuthConfig } from './connector-dto';

describe('auth config merge', () => {
  const stored = { username: 'lab', password: 'pa55word' };

  it('keeps stored values where the form sent the mask back', () => {
    expect(mergeAuthConfig(stored, { username: 'lab2', password: SECRET_MASK })).toEqual({ username: 'lab2', password: 'pa55word' });
  });

  it('leaves the config unchanged when none is sent, and clears it on null', () => {
    expect(mergeAuthConfig(stored, undefined)).toBe(stored);
    expect(mergeAuthConfig(stored, null)).toBeNull();
  });

  it('drops a masked key that was never stored', () => {
    expect(mergeAuthConfig(null, { apiKey: SECRET_MASK })).toBeNull();
  });
});
