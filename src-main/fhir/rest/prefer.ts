/** What a client's `Prefer` header asks of a FHIR write (`return`) and a search (`handling`), R4 http.html#ops and search.html#errors. */
export interface FhirPreferences {
  return?: 'minimal' | 'representation' | 'OperationOutcome';
  handling?: 'strict' | 'lenient';
}

const RETURNS = ['minimal', 'representation', 'OperationOutcome'] as const;
const HANDLINGS = ['strict', 'lenient'] as const;

const pick = <T extends string>(choices: readonly T[], value: string): T | undefined => choices.find((c) => c.toLowerCase() === value.toLowerCase());

/**
 * The preferences of a `Prefer` header (RFC 7240): comma-separated `name=value` tokens, each perhaps
 * with `;`-parameters (ignored) and a quoted value. Unknown names and values are ignored; the first known value of a name counts.
 */
export function preferencesOf(header: string | undefined): FhirPreferences {
  const found: FhirPreferences = {};
  for (const part of (header ?? '').split(',')) {
    const [token = ''] = part.split(';');
    const at = token.indexOf('=');
    if (at < 0) continue;
    const name = token.slice(0, at).trim().toLowerCase();
    const value = token.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'return') found.return ??= pick(RETURNS, value);
    if (name === 'handling') found.handling ??= pick(HANDLINGS, value);
  }
  return found;
}
