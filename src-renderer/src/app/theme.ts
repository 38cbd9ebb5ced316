import { createTheme } from '@mantine/core';

/** A dense theme: operators scan many rows at once, so type and spacing run a step smaller than Mantine's defaults. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontSizes: { xs: '0.6875rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  spacing: { xs: '0.5rem', sm: '0.625rem', md: '0.875rem', lg: '1.25rem', xl: '1.75rem' },
  headings: { sizes: { h2: { fontSize: '1.25rem', lineHeight: '1.3' }, h3: { fontSize: '1.0625rem', lineHeight: '1.35' } } },
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm' } },
    Badge: { defaultProps: { radius: 'sm' } },
    Modal: { styles: { title: { fontWeight: 600 } } },
    NavLink: { styles: { root: { paddingBlock: 6 } } },
  },
});
