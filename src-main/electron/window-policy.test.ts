import { describe, expect, it } from 'vitest';
import { windowOpenPolicy } from './window-policy';

describe('window.open and target=_blank', () => {
  it('never opens an Electron window, and opens only plain https links in the browser', () => {
    expect(windowOpenPolicy('https://hl7.org/fhir/R4/')).toEqual({ action: 'deny', openExternally: 'https://hl7.org/fhir/R4/' });
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'smb://host/share', 'ms-msdt:/id', 'https://user:pass@example.org/', 'not a url']) {
      expect(windowOpenPolicy(url), url).toEqual({ action: 'deny', openExternally: undefined });
    }
  });
});
