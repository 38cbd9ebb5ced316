import { describe, expect, it } from 'vitest';
import { trayIconBitmap } from './tray-icon';

describe('tray icon', () => {
  it('is a BGRA bitmap of the requested size: the colour opaque in the middle, transparent in the corners', () => {
    const size = 16;
    const icon = trayIconBitmap('red', size);
    expect(icon.length).toBe(size * size * 4);
    const middle = (8 * size + 8) * 4;
    expect([...icon.subarray(middle, middle + 4)]).toEqual([49, 49, 224, 255]);
    expect(icon[3]).toBe(0);
    expect(trayIconBitmap('green', size).subarray(middle, middle + 3)).not.toEqual(icon.subarray(middle, middle + 3));
  });
});
