import { describe, expect, it } from 'vitest';
import type { Hl7Delimiters } from './delimiters';
import { DEFAULT_DELIMITERS } from './delimiters';
import { decodeEscapes, encodeEscapes } from './escape';

const d = DEFAULT_DELIMITERS;
const withTruncation: Hl7Delimiters = { ...d, truncation: '#', encodingCharacters: '^~\\&#' };

describe('decodeEscapes', () => {
  it('turns delimiter escapes into the delimiters they stand for', () => {
    expect(decodeEscapes('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', d)).toBe('a|b^c&d~e\\f');
  });

  it('decodes \\P\\ to the truncation character only when the message declares one', () => {
    expect(decodeEscapes('12\\P\\', withTruncation)).toBe('12#');
    expect(decodeEscapes('12\\P\\', d)).toBe('12\\P\\');
  });

  it('decodes hexadecimal escapes, as UTF-8 when the bytes are UTF-8', () => {
    expect(decodeEscapes('line1\\X0D0A\\line2', d)).toBe('line1\r\nline2');
    expect(decodeEscapes('caf\\XC3A9\\', d)).toBe('café');
    expect(decodeEscapes('caf\\XE9\\', d)).toBe('café');
  });

  it('keeps formatting sequences intact so a viewer can render them', () => {
    expect(decodeEscapes('one\\.br\\two\\H\\bold\\N\\', d)).toBe('one\\.br\\two\\H\\bold\\N\\');
  });

  it('keeps unknown, malformed and unterminated escapes as text', () => {
    expect(decodeEscapes('\\Zcustom\\', d)).toBe('\\Zcustom\\');
    expect(decodeEscapes('\\XZZ\\', d)).toBe('\\XZZ\\');
    expect(decodeEscapes('C:\\temp', d)).toBe('C:\\temp');
    expect(decodeEscapes('\\r', d)).toBe('\\r');
  });

  it('returns text without an escape character untouched', () => {
    expect(decodeEscapes('plain', d)).toBe('plain');
    expect(decodeEscapes('a\\F\\b', { ...d, escape: '' })).toBe('a\\F\\b');
  });
});

describe('encodeEscapes', () => {
  it('escapes delimiters, the escape character and line breaks', () => {
    expect(encodeEscapes('a|b^c&d~e\\f', d)).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f');
    expect(encodeEscapes('1\r\n2', d)).toBe('1\\X0D\\\\X0A\\2');
    expect(encodeEscapes('99#', withTruncation)).toBe('99\\P\\');
  });

  it('passes formatting sequences through so read-modify-write keeps the formatting', () => {
    expect(encodeEscapes('one\\.br\\two', d)).toBe('one\\.br\\two');
    expect(encodeEscapes('\\H\\x\\N\\', d)).toBe('\\H\\x\\N\\');
  });

  it('escapes backslashes that only look like escapes', () => {
    expect(encodeEscapes('\\F\\', d)).toBe('\\E\\F\\E\\');
    expect(decodeEscapes(encodeEscapes('\\F\\', d)!, d)).toBe('\\F\\');
  });

  it('cannot encode delimiters when the message declares no escape character', () => {
    expect(encodeEscapes('plain', { ...d, escape: '' })).toBe('plain');
    expect(encodeEscapes('a^b', { ...d, escape: '' })).toBeUndefined();
  });

  it('follows custom delimiters', () => {
    const custom: Hl7Delimiters = { field: '!', component: '@', repetition: '%', escape: '$', subcomponent: '*', truncation: '', encodingCharacters: '@%$*' };
    expect(encodeEscapes('a!b@c|d', custom)).toBe('a$F$b$S$c|d');
    expect(decodeEscapes('a$F$b$S$c|d', custom)).toBe('a!b@c|d');
  });
});
