import { DEFAULT_THEME, createTheme, type MantineColorsTuple } from '@mantine/core';
import { accessiblePalettes } from './accessible-colors';

const { dark, ...lightPalettes } = DEFAULT_THEME.colors;
const { gray, indigo } = DEFAULT_THEME.colors;

/** Text shades at 4.5:1 or more on white, the page (gray.0), raised rows (gray.1) and the selected row (indigo.0). */
const colors = { dark, ...accessiblePalettes(lightPalettes, [gray[0], gray[1], indigo[0]]) } as unknown as Record<string, MantineColorsTuple>;

/** Icon-only close buttons need a name for screen readers (WCAG 4.1.2). */
const closeButtonProps = { 'aria-label': 'Close' };

/**
 * A dense theme: operators scan many rows at once, so type and spacing run a step smaller than Mantine's
 * defaults. Each page's title is its h1, drawn at the size of a section heading.
 */
export const theme = createTheme({
  colors,
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  // Keyboard focus always shows a ring; mouse clicks do not.
  focusRing: 'auto',
  fontSizes: { xs: '0.6875rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  spacing: { xs: '0.5rem', sm: '0.625rem', md: '0.875rem', lg: '1.25rem', xl: '1.75rem' },
  headings: { sizes: { h1: { fontSize: '1.25rem', lineHeight: '1.3' }, h2: { fontSize: '1.25rem', lineHeight: '1.3' }, h3: { fontSize: '1.0625rem', lineHeight: '1.35' } } },
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm' } },
    // A badge is a short label: a narrow table column must not cut it to "ERR…".
    Badge: { defaultProps: { radius: 'sm' }, styles: { root: { minWidth: 'max-content' } } },
    Modal: { defaultProps: { closeButtonProps }, styles: { title: { fontWeight: 600 } } },
    Drawer: { defaultProps: { closeButtonProps } },
    Notification: { defaultProps: { closeButtonProps } },
    NavLink: { styles: { root: { paddingBlock: 6 } } },
    // Loaders carry an aria-label ("Loading messages"); a status role makes it allowed there and announced.
    Loader: { defaultProps: { role: 'status' } },
  },
});
