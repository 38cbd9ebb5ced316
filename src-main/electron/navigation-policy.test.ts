import { describe, expect, it } from 'vitest';
import { isSameDocument } from './navigation-policy';

describe('renderer navigation policy', () => {
  const packaged = 'file:///opt/interop/resources/app.asar/out/renderer/index.html';

  it('trusts the packaged renderer document, with or without a hash route', () => {
    expect(isSameDocument(packaged, packaged)).toBe(true);
    expect(isSameDocument(`${packaged}#/connectors`, packaged)).toBe(true);
  });

  it('does not trust other files or remote pages', () => {
    expect(isSameDocument('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isSameDocument('https://example.org/', packaged)).toBe(false);
  });

  it('trusts only the dev server origin in development', () => {
    expect(isSameDocument('http://localhost:5173/#/jobs', 'http://localhost:5173/')).toBe(true);
    expect(isSameDocument('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('treats unparsable URLs as untrusted', () => {
    expect(isSameDocument('not a url', packaged)).toBe(false);
  });
});
