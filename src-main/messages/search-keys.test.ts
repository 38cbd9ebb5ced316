import { describe, expect, it } from 'vitest';
import { parse } from '../hl7';
import { extractSearchKeys } from './search-keys';

const message = (pid: string) => parse(`MSH|^~\\&|A|B|C|D|20260101||ADT^A01|C1|P|2.5\rPID|${pid}\rORC|NW|PLC1|FIL1\rOBR|1|PLC1|FIL2\r`);

describe('search keys', () => {
  it('shows the MR identifier of PID-3 as the MRN and keeps PID-2, PID-4 and the other PID-3 identifiers searchable', () => {
    const keys = extractSearchKeys(message('1|EXT-77^^^OLD|NHS123^^^NHS^NH~MRN555^^^HOSP^MR|ALT-9|DOE^JANE^Q'));
    expect(keys).toEqual({ patientId: 'MRN555', patientName: 'DOE JANE', orderNumbers: 'PLC1 FIL1 FIL2', otherPatientIds: 'NHS123 EXT-77 ALT-9' });
  });

  it('falls back to the first PID-3 identifier and leaves what the sender left empty as null', () => {
    expect(extractSearchKeys(message('1||A1~B2|'))).toMatchObject({ patientId: 'A1', patientName: null, otherPatientIds: 'B2' });
    expect(extractSearchKeys(message('1'))).toMatchObject({ patientId: null, otherPatientIds: null });
  });
});
