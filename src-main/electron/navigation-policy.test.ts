import { describe, expect, it } from 'vitest';
import { isSameDocument, rendererUrlFor } from './navigation-policy';

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

  it('blocks will-navigate to any other origin or scheme, however the URL is dressed up', () => {
    for (const url of [
      'http://127.0.0.1:7300/',
      'https://evil.example/out/renderer/index.html',
      'file:///opt/interop/resources/app.asar/out/renderer/other.html',
      'file:///opt/interop/resources/app.asar/out/renderer/index.html/../../../../etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'blob:file:///0b7c5b3e',
    ]) {
      expect(isSameDocument(url, packaged), url).toBe(false);
    }
    expect(isSameDocument('http://localhost:5173.evil.example/', 'http://localhost:5173/')).toBe(false);
    expect(isSameDocument('http://user@localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('treats unparsable URLs as untrusted', () => {
    expect(isSameDocument('not a url', packaged)).toBe(false);
  });

  const bundledUrl = packaged;

  it('loads the bundled renderer in a packaged app even when ELECTRON_RENDERER_URL is set', () => {
    expect(rendererUrlFor({ packaged: true, devServerUrl: 'http://localhost:5173/', bundledUrl })).toBe(bundledUrl);
    expect(rendererUrlFor({ packaged: true, devServerUrl: 'https://evil.example/', bundledUrl })).toBe(bundledUrl);
  });

  it('loads the dev server in a development build only when it is on this machine over http(s)', () => {
    expect(rendererUrlFor({ packaged: false, devServerUrl: 'http://localhost:5173/', bundledUrl })).toBe('http://localhost:5173/');
    expect(rendererUrlFor({ packaged: false, devServerUrl: 'http://127.0.0.1:5173', bundledUrl })).toBe('http://127.0.0.1:5173/');
    expect(rendererUrlFor({ packaged: false, devServerUrl: 'https://evil.example/', bundledUrl })).toBe(bundledUrl);
    expect(rendererUrlFor({ packaged: false, devServerUrl: 'file:///tmp/evil.html', bundledUrl })).toBe(bundledUrl);
    expect(rendererUrlFor({ packaged: false, devServerUrl: 'not a url', bundledUrl })).toBe(bundledUrl);
    expect(rendererUrlFor({ packaged: false, devServerUrl: undefined, bundledUrl })).toBe(bundledUrl);
  });
});
