import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateFhirResource } from '../../fhir/validation/validate';
import { decodeHl7, parse } from '../../hl7';
import { xadToAddress } from './address';
import { xtnToContactPoint } from './contact-point';
import { xpnToHumanNames } from './human-name';
import { cxToIdentifier } from './identifier';
import type { MapResult } from '../transforms/result';
import { readField } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);
const values = <T>(results: MapResult<T>[]): T[] => results.flatMap((r) => (r.ok ? [r.value] : []));

describe('datatypes pass the gateway validation', () => {
  it('a Patient built from every PID-3, PID-5, PID-11 and PID-13 repetition of a corpus ADT validates', () => {
    const pid = corpus('msfc_ADT-A01-01.hl7').segment('PID')!;
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: values(readField(pid, 3).map((v) => cxToIdentifier(v))),
      name: values(readField(pid, 5).map((v) => xpnToHumanNames(v))).flat(),
      address: values(readField(pid, 11).map((v) => xadToAddress(v))),
      telecom: values([...readField(pid, 13), ...readField(pid, 14), ...readField(pid, 40)].map((v) => xtnToContactPoint(v))),
    };
    expect(patient.name).toHaveLength(3);
    expect(patient.telecom).toHaveLength(5);
    expect(() => validateFhirResource(patient)).not.toThrow();
  });
});
