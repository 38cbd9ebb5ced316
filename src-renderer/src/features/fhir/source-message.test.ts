import { describe, expect, it } from 'vitest';
import { sourceMessageId } from '@contract/messages';

describe('sourceMessageId', () => {
  it('reads the message id from exactly urn:interop-console:hl7-message:<MSG_ id>', () => {
    expect(sourceMessageId('urn:interop-console:hl7-message:MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe('MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV');
  });

  it('names no message for any other source', () => {
    for (const source of [undefined, 42, '', 'urn:interop-console:hl7-message:', 'urn:interop-console:hl7-message:MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV/x', 'urn:interop-console:hl7-message:../settings', 'URN:interop-console:hl7-message:MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'http://lab.example/MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      expect(sourceMessageId(source)).toBeNull();
    }
  });
});
