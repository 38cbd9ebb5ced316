import { useMemo } from 'react';
import classes from './raw-message-view.module.css';
import { tokenizeMessage } from './raw-tokens';

/** What each standard escape sequence stands for, shown on hover. */
const escapeMeanings: Record<string, string> = {
  F: 'field separator',
  S: 'component separator',
  T: 'subcomponent separator',
  R: 'repetition separator',
  E: 'escape character',
  H: 'start highlighting',
  N: 'normal text',
  '.br': 'line break',
};

function escapeTitle(sequence: string): string {
  const body = sequence.slice(1, -1);
  const meaning = escapeMeanings[body] ?? (body.startsWith('X') ? 'hexadecimal data' : body.startsWith('C') || body.startsWith('M') ? 'character set switch' : 'escape sequence');
  return `Escape sequence ${sequence}: ${meaning}`;
}

/** An HL7 v2 payload as received: one segment per line, numbered, with ids, separators and escapes coloured. */
export function RawMessageView({ text, label }: { text: string; label: string }) {
  const lines = useMemo(() => tokenizeMessage(text), [text]);
  return (
    // The frame scrolls long segments sideways, so it takes keyboard focus to be scrolled with the arrow keys.
    <div className={classes.frame} tabIndex={0} role="region" aria-label={label}>
      <pre className={classes.pre} data-testid="raw-message">
        {lines.map((tokens, n) => (
          <div key={n} className={classes.line}>
            <span className={classes.number} aria-hidden>
              {n + 1}
            </span>
            {tokens.map((token, i) =>
              token.kind === 'text' ? (
                token.text
              ) : (
                <span key={i} className={classes[token.kind]} title={token.kind === 'escape' ? escapeTitle(token.text) : undefined}>
                  {token.text}
                </span>
              ),
            )}
          </div>
        ))}
      </pre>
    </div>
  );
}
