import type { BundleEntry } from '@medplum/fhirtypes';
import { fileURLToPath } from 'node:url';
import type { Hl7Message } from '../../src-main/hl7';
import type { Conversion } from '../../src-main/mapping/conversion';

/** This module, for an engine's `converterModule` (processing loads it on its own thread). */
export const FAKE_CONVERTER = fileURLToPath(import.meta.url);

export const SOURCE = 'urn:interop-console:hl7-message:';

/**
 * A stand-in for mapping/convert.ts with the same contract: a Patient keyed by PID-3 (conditional
 * update) and an Observation keyed by OBX-3 (conditional create) referencing it by urn:uuid. An OBX-11
 * of `X` makes an Observation code the store refuses (an empty coding list); ADT messages have no profile.
 */
export function convert(message: Hl7Message, context: { messageId?: string | undefined }): Conversion | undefined {
  if (message.header.messageType !== 'ORU^R01') return undefined;
  const meta = { source: `${SOURCE}${context.messageId ?? ''}` };
  const mrn = message.get('PID-3.1') ?? '';
  const code = message.get('OBX-3.1') ?? '';
  const entry: BundleEntry[] = [
    {
      fullUrl: 'urn:uuid:2b9c4f3e-0000-4000-8000-000000000001',
      resource: { resourceType: 'Patient', meta, identifier: [{ system: 'urn:mrn', value: mrn }], name: [{ family: message.get('PID-5.1') ?? '' }] },
      request: { method: 'PUT', url: `Patient?identifier=urn:mrn|${mrn}` },
    },
    {
      fullUrl: 'urn:uuid:2b9c4f3e-0000-4000-8000-000000000002',
      resource: { resourceType: 'Observation', meta, identifier: [{ system: 'urn:obs', value: `${mrn}-${code}` }], status: 'final', code: message.get('OBX-11') === 'X' ? { coding: [], text: code } : { text: code }, subject: { reference: 'urn:uuid:2b9c4f3e-0000-4000-8000-000000000001' } },
      request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=urn:obs|${mrn}-${code}` },
    },
  ];
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry }, unmapped: [{ path: 'PID-13[2]', count: 1 }], errors: [{ ruleId: 'obx-units', source: 'OBX-6', target: 'valueQuantity.unit', code: 'MAPPING_UNKNOWN_UNIT', message: 'OBX-6 names no UCUM unit' }], profile: { name: 'test-oru', version: 3 } };
}

