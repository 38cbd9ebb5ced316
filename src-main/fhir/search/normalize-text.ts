/** The form string search compares: lower case without accents, so `Müller` is found by `muller`. */
export function normalizeText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
