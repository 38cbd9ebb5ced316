const FOLDED = /^([A-Z][A-Z0-9]{2}-\d+)\[2\+\](.*)$/;

/** A coverage path in words: `PID-13[2+]` is "PID-13 repetitions 2+", `PID-11[2+].8` "PID-11.8 in repetitions 2+". */
export function describePath(path: string): string {
  const m = FOLDED.exec(path);
  if (!m) return path;
  return m[2] ? `${m[1]}${m[2]} in repetitions 2+` : `${m[1]} repetitions 2+`;
}

/** The explanation line of a coverage row: "PID-13 repetitions 2+ carried data in 1,240 messages and no rule maps them". */
export function explainUnmapped(path: string, messages: number): string {
  const count = `${messages.toLocaleString('en-US')} ${messages === 1 ? 'message' : 'messages'}`;
  return `${describePath(path)} carried data in ${count} and no rule maps ${FOLDED.test(path) ? 'them' : 'it'}`;
}

/**
 * The source a new rule reads to map a coverage path: the folded repetitions `[2+]` become every
 * repetition (`PID-13[*]`), which is the only source that reads them all; other paths are sources already.
 */
export const sourceForPath = (path: string): string => path.replace(/\[2\+\]/, '[*]');
