import { describe, expect, it } from 'vitest';
import { closeToTrayChosen, closeToTrayOffByEnvironment } from './close-to-tray';

describe('close to tray', () => {
  it('is on unless the settings file says false', () => {
    expect(closeToTrayChosen({})).toBe(true);
    expect(closeToTrayChosen({ closeToTray: true, startAtLogin: 'off' })).toBe(true);
    expect(closeToTrayChosen({ closeToTray: 'off' })).toBe(true);
    expect(closeToTrayChosen({ closeToTray: false })).toBe(false);
  });

  it('is forced off by INTEROP_CLOSE_TO_TRAY set to 0, false or no, in any case and with spaces, and by nothing else', () => {
    for (const value of ['0', 'false', 'NO', ' False ']) expect(closeToTrayOffByEnvironment(value)).toBe(true);
    for (const value of [undefined, '', '1', 'true', 'off-ish']) expect(closeToTrayOffByEnvironment(value)).toBe(false);
  });
});
