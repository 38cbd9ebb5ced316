import { describe, expect, it } from 'vitest';
import { EXCLUDED_CHECKS, judge, parseReport, unparsedRequired } from '../scripts/electronegativity-findings.mjs';

const REPORT = `issue, severity, confidence, filename, location, sample, description, url
CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/index.js","2:71","contextIsolation: false, ""x""","Review the use of the contextIsolation option",https://example.org
AUXCLICK_JS_CHECK,"MEDIUM","FIRM","main/index.js","390:16","const window = new BrowserWindow({","Limit navigation flows, to untrusted origins",https://example.org
CSP_GLOBAL_CHECK,"LOW","TENTATIVE","N/A","0:0","a sample
over two lines","Failed to parse CSP",https://example.org
`;

describe('Electronegativity report judgement', () => {
  it('reads findings from the CSV report, quoted commas, quotes and line breaks included', () => {
    expect(parseReport(REPORT)).toEqual([
      { check: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', confidence: 'FIRM', file: 'main/index.js', location: '2:71', description: 'Review the use of the contextIsolation option' },
      { check: 'AUXCLICK_JS_CHECK', severity: 'MEDIUM', confidence: 'FIRM', file: 'main/index.js', location: '390:16', description: 'Limit navigation flows, to untrusted origins' },
      { check: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'TENTATIVE', file: 'N/A', location: '0:0', description: 'Failed to parse CSP' },
    ]);
  });

  it('fails the build on a high-severity finding and only notes the rest', () => {
    const { failing, noted } = judge(parseReport(REPORT));
    expect(failing.map((f) => f.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
    expect(noted.map((f) => f.check)).toEqual(['AUXCLICK_JS_CHECK', 'CSP_GLOBAL_CHECK']);
  });

  it('lets a high finding pass only for a check excluded with a written reason, and excludes none today', () => {
    expect(judge(parseReport(REPORT), { CONTEXT_ISOLATION_JS_CHECK: 'a reason' }).failing).toEqual([]);
    expect(EXCLUDED_CHECKS).toEqual({});
  });

  it('names a main or preload bundle the scan could not parse, and ignores the renderer vendor bundle', () => {
    const output = 'Error parsing /app/out/renderer/assets/vendor.js - Unknown node type\nError parsing /app/out/main/index.js - Unexpected token';
    expect(unparsedRequired(output, ['/app/out/main/', '/app/out/preload/'])).toEqual(['/app/out/main/index.js']);
  });
});
