/** Styles for an input whose value is code (paths, arguments, a message) while its label stays in the text font. */
export const MONOSPACE_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } } as const;
