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

  it('rewrites urn:uuid links in uri, url, oid and uuid elements and in narrative href/src, not in strings such as an identifier value', () => {
    const binary = 'urn:uuid:11111111-2222-4333-8444-555555555501';
    const replacements = new Map([[binary, 'Binary/b1']]);
    const document = {
      resourceType: 'DocumentReference',
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><a href="${binary}">doc</a><img src="${binary}"/><a href="urn:uuid:other">x</a></div>` },
      identifier: [{ system: 'urn:ietf:rfc:3986', value: binary }],
      content: [{ attachment: { contentType: 'text/plain', url: binary, size: 11 } }],
      extension: [{ url: 'http://example.org/source', valueUri: binary }],
      contained: [{ resourceType: 'Provenance', id: 'p', policy: [binary], target: [{ reference: binary }], recorded: '2024-01-15T11:00:00Z', agent: [{ who: { display: 'x' } }] }],
    };
    const rewritten = rewriteReferences(document, replacements);
    expect(rewritten.text.div).toBe('<div xmlns="http://www.w3.org/1999/xhtml"><a href="Binary/b1">doc</a><img src="Binary/b1"/><a href="urn:uuid:other">x</a></div>');
    expect(rewritten.identifier[0]?.value).toBe(binary);
    expect(rewritten.content[0]?.attachment).toEqual({ contentType: 'text/plain', url: 'Binary/b1', size: 11 });
    expect(rewritten.extension[0]?.valueUri).toBe('Binary/b1');
    expect(rewritten.contained[0]).toMatchObject({ policy: ['Binary/b1'], target: [{ reference: 'Binary/b1' }] });
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
