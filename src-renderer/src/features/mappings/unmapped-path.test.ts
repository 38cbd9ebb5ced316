import { describe, expect, it } from 'vitest';
import { describePath, explainUnmapped, sourceForPath } from './unmapped-path';

describe('unmapped coverage paths', () => {
  it('says folded repetitions in words and leaves other paths as they are', () => {
    expect(describePath('PID-13[2+]')).toBe('PID-13 repetitions 2+');
    expect(describePath('PID-11[2+].8')).toBe('PID-11.8 in repetitions 2+');
    expect(describePath('OBX-17.2')).toBe('OBX-17.2');
  });

  it('explains a row with the message count written for people', () => {
    expect(explainUnmapped('PID-13[2+]', 1240)).toBe('PID-13 repetitions 2+ carried data in 1,240 messages and no rule maps them');
    expect(explainUnmapped('OBX-17', 1)).toBe('OBX-17 carried data in 1 message and no rule maps it');
  });

  it('turns a path into a source a rule can read, every repetition for the folded ones', () => {
    expect(sourceForPath('PID-13[2+]')).toBe('PID-13[*]');
    expect(sourceForPath('PID-11[2+].8')).toBe('PID-11[*].8');
    expect(sourceForPath('OBX-17.2')).toBe('OBX-17.2');
  });
});
