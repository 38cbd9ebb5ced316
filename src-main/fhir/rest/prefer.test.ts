import { describe, expect, it } from 'vitest';
import { preferencesOf } from './prefer';

describe('preferencesOf', () => {
  it.each<[string | undefined, ReturnType<typeof preferencesOf>]>([
    [undefined, {}],
    ['return=minimal', { return: 'minimal' }],
    ['return=minimal, handling=strict', { return: 'minimal', handling: 'strict' }],
    ['respond-async, return="OperationOutcome"; x=1', { return: 'OperationOutcome' }],
    ['HANDLING=Lenient', { handling: 'lenient' }],
    ['return=everything, return=representation', { return: 'representation' }],
    ['return=minimal, return=representation', { return: 'minimal' }],
    ['handling=forgiving, wait=10', {}],
  ])('reads %s', (header, expected) => {
    expect(preferencesOf(header)).toEqual(expected);
  });
});
