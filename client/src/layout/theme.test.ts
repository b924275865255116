import { describe, expect, it } from 'vitest';
import { FOCUS_RING, STATUS_COLOURS, theme } from './theme';

/** WCAG 2.x relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** A colour laid over another with some opacity (a hovered or selected row's tint). */
function over(hex: string, alpha: number, base = '#ffffff'): string {
  const mix = [1, 3, 5].map((start) => {
    const top = parseInt(hex.slice(start, start + 2), 16);
    const bottom = parseInt(base.slice(start, start + 2), 16);
    return Math.round(top * alpha + bottom * (1 - alpha))
      .toString(16)
      .padStart(2, '0');
  });
  return `#${mix.join('')}`;
}

const palette = theme.palette as Record<string, { main?: string }> & { contrastThreshold?: number };
const PRIMARY = palette.primary.main!;
// Surfaces text in a status colour sits on: a card, the page, a selected (primary 8 %) row.
const SURFACES = { white: '#ffffff', page: '#fafafb', selectedRow: over(PRIMARY, 0.08) };

describe('theme colours (WCAG AA)', () => {
  it.each(Object.entries(STATUS_COLOURS))(
    '%s text reaches 4.5:1 on every surface, and white text on it too',
    (name, colour) => {
      expect(palette[name].main).toBe(colour);
      for (const [surface, background] of Object.entries(SURFACES)) {
        expect(contrast(colour, background), `${name} on ${surface}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrast('#ffffff', colour), `white on ${name}`).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('computes text colours on coloured surfaces for 4.5:1, not MUI’s default 3:1', () => {
    expect(palette.contrastThreshold).toBe(4.5);
  });

  it('the focus ring stands out (3:1) from the page and from the app bar its white variant is on', () => {
    expect(contrast(FOCUS_RING, SURFACES.white)).toBeGreaterThanOrEqual(3);
    expect(contrast(FOCUS_RING, SURFACES.page)).toBeGreaterThanOrEqual(3);
    expect(contrast('#ffffff', PRIMARY)).toBeGreaterThanOrEqual(3);
  });
});
