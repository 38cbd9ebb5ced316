/** One CSV field: quoted when it holds a quote, the delimiter or a line break (RFC 4180). */
export const csvField = (value: string | number | null | undefined): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvLine = (values: readonly (string | number | null | undefined)[]): string => `${values.map(csvField).join(',')}\r\n`;
