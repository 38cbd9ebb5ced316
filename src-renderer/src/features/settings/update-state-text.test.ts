import { describe, expect, it } from 'vitest';
import { updateStateText } from './update-state-text';

describe('the update channel state in words', () => {
  it('says why updates are off, and that offline is no alarm', () => {
    expect(updateStateText({ status: 'off', reason: 'no-feed-url' })).toBe('Off: no update feed URL is configured.');
    expect(updateStateText({ status: 'off', reason: 'environment' })).toMatch(/INTEROP_UPDATES=off/);
    expect(updateStateText({ status: 'offline', checkedAt: '2026-12-07T10:00:00.000Z' })).toMatch(/^Offline: .*no alert/);
  });

  it('names a ready version and a feed error by its code', () => {
    expect(updateStateText({ status: 'ready', version: '1.4.0' })).toBe('Version 1.4.0 is ready: it is installed when the app quits.');
    expect(updateStateText({ status: 'error', code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND', checkedAt: '2026-12-07T10:00:00.000Z' })).toMatch(/\(ERR_UPDATER_CHANNEL_FILE_NOT_FOUND\)/);
  });
});
