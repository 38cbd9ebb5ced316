import type { TrayColor } from './tray-look';

const RGB: Record<TrayColor, [number, number, number]> = { green: [47, 158, 68], amber: [240, 140, 0], red: [224, 49, 49], grey: [134, 142, 150] };

/**
 * Pure: a filled circle in the tray colour with a soft edge, as the raw BGRA bitmap Electron's
 * `nativeImage.createFromBitmap` takes (size × size pixels, 4 bytes each).
 */
export function trayIconBitmap(color: TrayColor, size: number): Buffer {
  const [r, g, b] = RGB[color];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const coverage = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(x - centre, y - centre)));
      const at = (y * size + x) * 4;
      pixels[at] = b;
      pixels[at + 1] = g;
      pixels[at + 2] = r;
      pixels[at + 3] = Math.round(coverage * 255);
    }
  }
  return pixels;
}
