import type { Hl7MessageStatus } from '@contract/messages';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import { countReprocessable } from './reprocessable-count';

/** A log holding `counts` messages per status (`refused` of the failed ones refused at intake), all from one connector; records what was asked. */
function fakeClient(counts: Partial<Record<Hl7MessageStatus, number>>, refused = 0) {
  const asked: unknown[] = [];
  const client = {
    call: async (_operation: string, input: { status?: Hl7MessageStatus; accepted?: boolean; pageSize?: number }) => {
      asked.push(input);
      const total =
        input.accepted === false ? refused : input.status ? (counts[input.status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
      return { data: [], page: 1, pageSize: input.pageSize, total: Math.min(total, 10_000), totalAtLeast: total > 10_000, nextCursor: null };
    },
  } as unknown as Pick<ApiClient, 'call'>;
  return { client, asked };
}

describe('countReprocessable', () => {
  it('leaves out messages already pending or processing when no status is chosen', async () => {
    const { client, asked } = fakeClient({ pending: 2, processing: 1, processed: 10, failed: 4 });
    expect(await countReprocessable(client, { messageType: 'ADT' })).toEqual({ eligible: 14, queued: 3, refused: 0, tooMany: false });
    expect(asked).toContainEqual({ messageType: 'ADT', status: 'pending', page: 1, pageSize: 1 });
  });

  it('counts the chosen status whole, or as nothing to do when it is a queued one', async () => {
    const { client } = fakeClient({ pending: 2, failed: 4 });
    expect(await countReprocessable(client, { status: 'failed' })).toEqual({ eligible: 4, queued: 0, refused: 0, tooMany: false });
    expect(await countReprocessable(client, { status: 'pending' })).toEqual({ eligible: 0, queued: 2, refused: 0, tooMany: false });
  });

  it('leaves out messages refused at intake, which the engine never reprocesses', async () => {
    const { client, asked } = fakeClient({ processed: 10, failed: 4 }, 3);
    expect(await countReprocessable(client, {})).toEqual({ eligible: 11, queued: 0, refused: 3, tooMany: false });
    expect(asked).toContainEqual({ status: 'failed', accepted: false, page: 1, pageSize: 1 });
    expect(await countReprocessable(client, { status: 'failed' })).toEqual({ eligible: 1, queued: 0, refused: 3, tooMany: false });
  });

  it('says when more match than the engine counts exactly, so no count is confirmed that is not the real one', async () => {
    const { client } = fakeClient({ processed: 12_000, failed: 3 });
    expect(await countReprocessable(client, {})).toMatchObject({ tooMany: true });
    expect(await countReprocessable(client, { status: 'failed' })).toEqual({ eligible: 3, queued: 0, refused: 0, tooMany: false });
  });
});
