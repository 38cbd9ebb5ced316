/**
 * The template's sample with a fresh control id (MSH-10) and the time now (MSH-7), so each test message
 * is filed as its own message rather than recognised as a duplicate. Pure; segments end in CR.
 */
export function testMessageFrom(sample: string, controlId: string, at: Date): { text: string; messageType: string } {
  const segments = sample.split(/\r\n|\r|\n/).filter((s) => s.length > 0);
  const msh = (segments[0] ?? '').split('|');
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  msh[6] = stamp;
  msh[9] = controlId;
  segments[0] = msh.join('|');
  return { text: `${segments.join('\r')}\r`, messageType: (msh[8] ?? '').split('^').slice(0, 2).join('^') };
}

/** MSA-1 of an ACK, or '' when it has none. */
export function ackCodeOf(ack: string): string {
  const msa = ack.split(/\r\n|\r|\n/).find((line) => line.startsWith('MSA'));
  return msa?.split(msa[3] ?? '|')[1] ?? '';
}
