/**
 * The value of a composed identity key (profile.ts `Identity.compose`): each part the first of its
 * alternatives (`MSH-4|MSH-3`) that has a value, percent-encoded, the parts joined by `.`. An
 * alternative may carry a label (`authority:PID-3.4.1`) written before its text in the key
 * (`authority:HOSP`): a percent-encoded text holds no `:`, so a labelled value never equals the same
 * text another alternative gives (an assigning authority HOSP is not a sending facility HOSP).
 */

const LABEL = /^[a-z][a-z0-9-]{0,19}$/;

/** An alternative as its label (none when unlabelled) and the source path it reads. */
export function splitAlternative(alternative: string): { label: string | undefined; path: string } {
  const at = alternative.indexOf(':');
  return at < 0 ? { label: undefined, path: alternative } : { label: alternative.slice(0, at), path: alternative.slice(at + 1) };
}

/** Why a label cannot be written into a key, or undefined when it can. */
export const labelProblem = (label: string): string | undefined =>
  LABEL.test(label) ? undefined : `the label ${JSON.stringify(label.slice(0, 30))} is not lower-case letters, digits and - (at most 20), starting with a letter`;

/**
 * The key's value, or undefined when a part has no value. `read` gives a source path's text; every
 * alternative is read (so each valued one counts as mapped), the first valued one is used.
 */
export function composedValue(parts: readonly string[], read: (path: string) => string | undefined): string | undefined {
  const texts: string[] = [];
  for (const part of parts) {
    const found = part
      .split('|')
      .map(splitAlternative)
      .map(({ label, path }) => ({ label, text: read(path) }))
      .find(({ text }) => text !== undefined && text !== '');
    if (!found?.text) return undefined;
    texts.push(`${found.label ? `${found.label}:` : ''}${encodeURIComponent(found.text)}`);
  }
  return texts.join('.');
}
