import { HL7_NULL } from '../../hl7';
import type { MapResult } from '../transforms/result';
import { fail, ok } from '../transforms/result';
import type { V2Value } from './v2-value';

/**
 * FT / TX / ST → FHIR string, and ID / IS → code. The codec keeps v2 formatting sequences in decoded
 * text; here they become plain text: \.br\ a line break, \.sp n\ n line breaks, \.sk n\ n spaces,
 * \.in n\ / \.ti n\ a line break and n spaces of indent, \.ce\ a line break; \H\ \N\ (highlighting),
 * \.fi\ \.nf\ (fill mode) and unknown sequences drop out. TX repetitions are lines.
 */

const FORMATTING = /\\(H|N|\.br|\.fi|\.nf|\.ce|\.sp ?\d*|\.sk ?[+-]?\d*|\.in ?[+-]?\d+|\.ti ?[+-]?\d+)\\/g;

function render(sequence: string): string {
  const count = (prefix: string): number => Math.max(1, Math.min(Number(sequence.slice(prefix.length)) || 1, 100));
  if (sequence === '.br' || sequence === '.ce') return '\n';
  if (sequence.startsWith('.sp')) return '\n'.repeat(count('.sp'));
  if (sequence.startsWith('.sk')) return ' '.repeat(count('.sk'));
  if (sequence.startsWith('.in') || sequence.startsWith('.ti')) return `\n${' '.repeat(Math.max(0, Math.min(Number(sequence.slice(3)) || 0, 100)))}`;
  return '';
}

/** FT / TX text (or its repetitions) → a string with real line breaks. */
export function formattedToString(text: string | readonly string[]): MapResult<string> {
  const lines = typeof text === 'string' ? [text] : text;
  const joined = lines.map((line) => line.replace(FORMATTING, (_, sequence: string) => render(sequence))).join('\n');
  return joined.trim() === '' ? fail('MAP_EMPTY_VALUE', 'no text') : ok(joined);
}

const CODE = /^[^\s]+( [^\s]+)*$/;

/** ID / IS → FHIR code: no leading, trailing or double whitespace. */
export function toCode(text: string): MapResult<string> {
  const trimmed = text.trim();
  if (trimmed === '') return fail('MAP_EMPTY_CODE', 'no code');
  return CODE.test(trimmed) ? ok(trimmed) : fail('MAP_BAD_CODE', 'not a code (expected no line breaks, tabs or runs of spaces)');
}

const withoutTrailingEmpty = (parts: readonly string[]): readonly string[] => {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end -= 1;
  return parts.slice(0, end);
};

/**
 * A field value of any type as one line of text in v2 notation: components joined by ^, subcomponents
 * by &, the empty ones at the end dropped (the HL7 null reads as empty). For a value type no rule
 * reads otherwise, so that no component is lost: `=^8^/^152` stays `=^8^/^152`, not `=`.
 */
export function v2ToText(value: V2Value): MapResult<string> {
  const components = value.map((component) => withoutTrailingEmpty(component.map((s) => (s === HL7_NULL ? '' : s))).join('&'));
  const text = withoutTrailingEmpty(components).join('^');
  return text.trim() === '' ? fail('MAP_EMPTY_VALUE', 'no text') : ok(text);
}
