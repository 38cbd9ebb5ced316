import { describe, expect, it } from 'vitest';
import { rewriteReferences, transactionOrder } from './bundle-references';

describe('transaction bundle references', () => {
  it('rewrites urn:uuid references anywhere in a resource and leaves others alone', () => {
    const observation = { resourceType: 'Observation', subject: { reference: 'urn:uuid:1' }, performer: [{ reference: 'Practitioner/7' }], note: [{ text: 'urn:uuid:1' }] };
    expect(rewriteReferences(observation, new Map([['urn:uuid:1', 'Patient/abc']]))).toEqual({
      resourceType: 'Observation',
      subject: { reference: 'Patient/abc' },
      performer: [{ reference: 'Practitioner/7' }],
      note: [{ text: 'urn:uuid:1' }],
    });
  });

  it('orders deletes, then creates, then updates, then reads, keeping order within each', () => {
    expect(transactionOrder(['GET', 'PUT', 'POST', 'DELETE', 'POST'])).toEqual([3, 2, 4, 1, 0]);
  });
});
