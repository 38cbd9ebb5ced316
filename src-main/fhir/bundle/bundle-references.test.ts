import { describe, expect, it } from 'vitest';
import { conditionalReferences, rewriteReferences, transactionOrder } from './bundle-references';

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

  it('finds the distinct conditional references, not contained, relative or urn:uuid ones', () => {
    const eob = {
      resourceType: 'ExplanationOfBenefit',
      contained: [{ resourceType: 'ServiceRequest', id: 'referral', requester: { reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999818690' } }],
      referral: { reference: '#referral' },
      patient: { reference: 'urn:uuid:e781e193-43ef-e822-b01b-0b8a15c21ad5' },
      provider: { reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999818690' },
      facility: { reference: 'Location?identifier=https://github.com/synthetichealth/synthea|028d0d75' },
      insurer: { reference: 'Organization/1' },
      note: [{ text: 'Patient?name=x' }],
    };
    expect(conditionalReferences(eob)).toEqual(['Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999818690', 'Location?identifier=https://github.com/synthetichealth/synthea|028d0d75']);
  });

  it('orders deletes, then creates, then updates, then reads, keeping order within each', () => {
    expect(transactionOrder(['GET', 'PUT', 'POST', 'DELETE', 'POST'])).toEqual([3, 2, 4, 1, 0]);
  });
});
