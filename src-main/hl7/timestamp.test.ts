import { describe, expect, it } from 'vitest';
import { formatHl7Timestamp } from './timestamp';

describe('formatHl7Timestamp', () => {
  const instant = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

  it('writes an HL7 DTM in UTC by default', () => {
    expect(formatHl7Timestamp(instant)).toBe('20240102030405+0000');
  });

  it('writes local time at the offset it is given', () => {
    expect(formatHl7Timestamp(instant, 90)).toBe('20240102043405+0130');
    expect(formatHl7Timestamp(instant, -300)).toBe('20240101220405-0500');
  });
});
