import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from './headless-args';

describe('headless arguments', () => {
  it('defaults to loopback, port 7300 and ./data', () => {
    expect(parseHeadlessArgs([], {})).toEqual({ ok: true, args: { host: '127.0.0.1', port: 7300, dataDir: 'data', accessToken: undefined } });
  });

  it('accepts port 0 and a data dir', () => {
    const parsed = parseHeadlessArgs(['--port', '0', '--data-dir', '/tmp/x'], {});
    expect(parsed).toMatchObject({ ok: true, args: { port: 0, dataDir: '/tmp/x' } });
  });

  it('rejects a port that is not a number in range', () => {
    expect(parseHeadlessArgs(['--port', '70000'], {})).toMatchObject({ ok: false, message: expect.stringContaining('--port') });
    expect(parseHeadlessArgs(['--port', 'abc'], {})).toMatchObject({ ok: false });
  });

  it('rejects an option given without its value and unknown options', () => {
    expect(parseHeadlessArgs(['--port'], {})).toMatchObject({ ok: false });
    expect(parseHeadlessArgs(['--colour', 'blue'], {})).toMatchObject({ ok: false, message: expect.stringContaining('colour') });
  });

  it('refuses a non-loopback host without an access token', () => {
    expect(parseHeadlessArgs(['--host', '0.0.0.0'], {})).toMatchObject({ ok: false, message: expect.stringContaining('access token') });
  });

  it('allows a non-loopback host with a token from the environment', () => {
    const parsed = parseHeadlessArgs(['--host', '0.0.0.0'], { INTEROP_ACCESS_TOKEN: 'a-long-enough-token-1234' });
    expect(parsed).toMatchObject({ ok: true, args: { host: '0.0.0.0', accessToken: 'a-long-enough-token-1234' } });
  });

  it('refuses a short token', () => {
    expect(parseHeadlessArgs(['--token', 'short'], {})).toMatchObject({ ok: false, message: expect.stringContaining('16') });
  });
});
