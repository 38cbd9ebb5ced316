import { describe, expect, it } from 'vitest';
import { secureWebPreferences, windowOpenPolicy } from './window-policy';

describe('console window web preferences', () => {
  const preferences = secureWebPreferences('/app/out/preload/index.mjs');

  it('isolates and sandboxes the renderer with no Node integration anywhere', () => {
    expect(preferences).toMatchObject({
      preload: '/app/out/preload/index.mjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on, insecure content, webviews, experimental features and drop navigation off, and auxclick disabled', () => {
    expect(preferences).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, navigateOnDragDrop: false, disableBlinkFeatures: 'Auxclick' });
  });

  it('sets no remote module and nothing that would loosen the above', () => {
    expect(preferences).not.toHaveProperty('enableRemoteModule');
    expect(Object.keys(preferences).sort()).toEqual(
      ['allowRunningInsecureContent', 'contextIsolation', 'disableBlinkFeatures', 'experimentalFeatures', 'navigateOnDragDrop', 'nodeIntegration', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'preload', 'sandbox', 'spellcheck', 'webSecurity', 'webviewTag'].sort(),
    );
  });
});

describe('window.open and target=_blank', () => {
  it('never opens an Electron window, and opens only plain https links in the browser', () => {
    expect(windowOpenPolicy('https://hl7.org/fhir/R4/')).toEqual({ action: 'deny', openExternally: 'https://hl7.org/fhir/R4/' });
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'smb://host/share', 'ms-msdt:/id', 'https://user:pass@example.org/', 'not a url']) {
      expect(windowOpenPolicy(url), url).toEqual({ action: 'deny', openExternally: undefined });
    }
  });
});
