import { describe, expect, it } from 'vitest';
import { runTransform } from './registry';

const decoded = (value: unknown): string => Buffer.from((value as { data: string }).data, 'base64').toString('utf8');

describe('text_to_attachment', () => {
  it('carries every line of a TX document, as UTF-8 text/plain in base64', () => {
    const result = runTransform('text_to_attachment', ['Première ligne', 'second line']);
    expect(result.ok && result.value).toMatchObject({ contentType: 'text/plain' });
    expect(result.ok && decoded(result.value)).toBe('Première ligne\nsecond line');
  });

  it('renders FT formatting escapes as line breaks', () => {
    const result = runTransform('text_to_attachment', 'one\\.br\\two');
    expect(result.ok && decoded(result.value)).toBe('one\ntwo');
  });

  it('answers a rule error, not an attachment, for no text', () => {
    expect(runTransform('text_to_attachment', ['', '  '])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });
});
