/**
 * WCAG 2.1 contrast for the console's colours. Mantine's default palettes put text, filled buttons and
 * light badges at shades whose contrast is below 4.5:1 (dimmed gray.6 on white is 3.3:1, white on
 * indigo.6 4.3:1, green.9 on green.1 3.8:1), and the console also names shades directly in CSS. So the
 * palettes themselves are adjusted: shades 5–9, the ones used for text and filled backgrounds, are
 * darkened (hue kept) until they reach 4.5:1 against every light background the console puts text on.
 * Shades 0–4 (backgrounds, borders) stay as they are.
 */

type Rgb = [number, number, number];

const WHITE = '#ffffff';
/** Normal-size text needs 4.5:1 (WCAG 1.4.3); a little margin absorbs rounding in the browser's colours. */
const TEXT_CONTRAST = 4.6;
/** The least contrast each text shade must reach: deeper shades stay deeper, so hover and emphasis still show. */
const SHADE_CONTRAST: Readonly<Record<number, number>> = { 5: TEXT_CONTRAST, 6: TEXT_CONTRAST, 7: 5.5, 8: 6.5, 9: 7.5 };

const toRgb = (hex: string): Rgb => {
  const value = hex.replace('#', '');
  const full = value.length === 3 ? [...value].map((c) => c + c).join('') : value;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
};

const toHex = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

const channel = (c: number): number => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

const luminance = (hex: string): number => {
  const [r, g, b] = toRgb(hex).map(channel) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** The WCAG contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour itself, or the least darkened version of it (same hue) that reaches `ratio` against every background. */
export function darkenToContrast(color: string, backgrounds: readonly string[], ratio = TEXT_CONTRAST): string {
  const rgb = toRgb(color);
  for (let keep = 1; keep > 0; keep -= 0.01) {
    const candidate = toHex(rgb.map((c) => c * keep) as Rgb);
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= ratio)) return candidate;
  }
  return '#000000';
}

export type Palette = readonly string[];

/**
 * Palettes whose shades 5–9 read at 4.5:1 or more as text on white, on `surfaces` (the page and row
 * backgrounds) and on the palette's own light shades 0–1 (light badges and buttons), and so also carry white
 * text at 4.5:1 when filled. Each shade stays at least as dark as the one before it.
 */
export function accessiblePalettes<K extends string>(palettes: Record<K, Palette>, surfaces: readonly string[]): Record<K, Palette> {
  const result = {} as Record<K, Palette>;
  for (const name of Object.keys(palettes) as K[]) {
    const palette = [...palettes[name]];
    const backgrounds = [WHITE, ...surfaces, palette[0], palette[1]].filter((c): c is string => c !== undefined);
    for (const [shade, ratio] of Object.entries(SHADE_CONTRAST).map(([k, v]) => [Number(k), v] as const)) {
      const adjusted = darkenToContrast(palette[shade] as string, backgrounds, ratio);
      const previous = palette[shade - 1] as string;
      palette[shade] = shade > 5 && luminance(previous) < luminance(adjusted) ? previous : adjusted;
    }
    result[name] = palette;
  }
  return result;
}
