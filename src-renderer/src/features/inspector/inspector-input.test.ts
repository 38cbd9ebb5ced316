import { describe, expect, it } from 'vitest';
import { MAX_INSPECT_BYTES, fileRefusal, pastedMessage } from './inspector-input';

describe('what the inspector takes', () => {
  it('takes an .hl7 file in any case up to the cap, and names why it refuses another', () => {
    expect(fileRefusal({ name: 'ADT_A01.HL7', size: 900 })).toBeUndefined();
    expect(fileRefusal({ name: 'notes.txt', size: 10 })).toBe('Choose an .hl7 file');
    expect(fileRefusal({ name: 'big.hl7', size: MAX_INSPECT_BYTES + 1 })).toMatch(/larger than 4 MiB/);
  });

  it('ends pasted segments in CR whatever the clipboard used', () => {
    expect(pastedMessage('MSH|^~\\&|A\r\nPID|1\nPV1|1\n')).toBe('MSH|^~\\&|A\rPID|1\rPV1|1');
  });
});
