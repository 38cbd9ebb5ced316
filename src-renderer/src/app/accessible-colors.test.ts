import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { accessiblePalettes, contrastRatio, darkenToContrast } from './accessible-colors';

const { dark: _dark, ...palettes } = DEFAULT_THEME.colors;
const { gray, indigo } = DEFAULT_THEME.colors;
const surfaces = [gray[0], gray[1], indigo[0]];

describe('accessible palettes', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#868e96', '#ffffff')).toBeCloseTo(3.32, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  it('darkens a colour only as far as needed, and leaves one that already passes alone', () => {
    const darker = darkenToContrast('#868e96', ['#ffffff'], 4.5);
    expect(contrastRatio(darker, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(darkenToContrast('#868e96', ['#ffffff'], 4.4), '#ffffff')).toBeLessThan(4.6);
    expect(darkenToContrast('#495057', ['#ffffff'], 4.5)).toBe('#495057');
  });

  it('gives every text shade (5–9) of every palette 4.5:1 on white, the page, rows, the selected row and its own light shades', () => {
    const adjusted = accessiblePalettes(palettes, surfaces);
    const failures: string[] = [];
    for (const [name, palette] of Object.entries(adjusted)) {
      for (const shade of [5, 6, 7, 8, 9]) {
        for (const background of ['#ffffff', ...surfaces, palette[0] as string, palette[1] as string]) {
          const ratio = contrastRatio(palette[shade] as string, background);
          if (ratio < 4.5) failures.push(`${name}.${shade} ${palette[shade]} on ${background}: ${ratio.toFixed(2)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps backgrounds and borders (shades 0–4) and the order from light to dark', () => {
    const adjusted = accessiblePalettes(palettes, surfaces);
    for (const [name, palette] of Object.entries(adjusted)) {
      expect(palette.slice(0, 5), name).toEqual(palettes[name as keyof typeof palettes].slice(0, 5));
      for (let shade = 6; shade <= 9; shade++) expect(contrastRatio(palette[shade] as string, '#ffffff'), `${name}.${shade}`).toBeGreaterThanOrEqual(contrastRatio(palette[shade - 1] as string, '#ffffff'));
    }
  });
});
