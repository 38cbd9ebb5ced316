import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { parse } from '../hl7';
import { fhirFailure } from '../fhir/outcome';
import type { Conversion } from '../mapping/conversion';
import { createFhirMappingStep } from './fhir-mapping-step';
import type { MappingCommit } from './mapping-step';

const message = parse('MSH|^~\\&|A|B|C|D|20240101||MDM^T02^MDM_T02|C1|P|2.5.1\rPID|1||42\r');
const conversion: Conversion = {
  bundle: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'DocumentReference' } as never, request: { method: 'POST', url: 'DocumentReference' } }] },
  unmapped: [],
  errors: [{ ruleId: 'document-content', source: 'OBX-5', target: 'content[0].attachment', code: 'MAP_BAD_ENCODING', message: 'ED.5 is not base64' }],
  profile: { name: 'MDM', version: 1 },
};

describe('the FHIR mapping step', () => {
  it('fails a refused Bundle with the OperationOutcome text and the conversion’s rule errors, which say why', () => {
    const step = createFhirMappingStep({
      convert: () => conversion,
      countMatches: () => 0,
      commit: () => {
        throw fhirFailure('validation', 'required', 'Missing required property', ['DocumentReference.content']);
      },
    });
    const commit = step(message, { messageId: 'MSG_1', connectorId: 'CONN_1', tenantId: 't' }) as MappingCommit;
    let failure: unknown;
    try {
      commit();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('INTEROP_MAPPING_REFUSED');
    expect((failure as AppError).message).toBe(
      "The FHIR store refused the mapped Bundle: Missing required property at DocumentReference.content. The mapping's rule errors: document-content (OBX-5) MAP_BAD_ENCODING: ED.5 is not base64",
    );
  });
});
