import { describe, expect, it } from 'vitest';
import { closeToTrayStatus, startAtLoginStatus } from './desktop-choices-text';

describe('the desktop choices in words', () => {
  it('says start at login is on by the default after a first connector, or the person’s choice, and what the login entry is', () => {
    expect(startAtLoginStatus({ on: true, reason: 'connector-in-use', loginItemOn: true })).toBe('On by default because a connector is in use; turning it off keeps it off. The login entry is set.');
    expect(startAtLoginStatus({ on: false, reason: 'nothing-set-up', loginItemOn: false })).toBe('Off by default until a connector is in use. The login entry is not set.');
    expect(startAtLoginStatus({ on: false, reason: 'chosen', loginItemOn: true })).toBe('Off: your choice. The login entry is still set.');
  });

  it('says when the environment forces close to quit, and nothing otherwise', () => {
    expect(closeToTrayStatus({ on: true, forcedOffByEnvironment: true })).toMatch(/INTEROP_CLOSE_TO_TRAY=0 .*quits/);
    expect(closeToTrayStatus({ on: true, forcedOffByEnvironment: false })).toBeNull();
  });
});
