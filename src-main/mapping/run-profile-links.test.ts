import type { BundleEntry } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parse } from '../hl7';
import type { Hl7MappingProfileContent } from './profile';
import { runProfile } from './run-profile';

const entriesOf = (profile: Hl7MappingProfileContent, text: string, type: string): BundleEntry[] =>
  (runProfile(profile, parse(text)).bundle.entry ?? []).filter((e) => e.resource?.resourceType === type);

describe('runProfile lookups and links', () => {
  it('reads a segment the occurrence lacks from the group around it before any nested deeper inside it', () => {
    // The grouper nests the later ORC/OBR pairs as prior results inside the OBSERVATION_REQUEST.
    const oml = [
      'MSH|^~\\&|LIS|LAB|EHR|CLINIC|20240102030405||OML^O21^OML_O21|CTRL1|P|2.5.1',
      'PID|1||MRN1^^^HOSP^MR||DOE^JANE',
      'ORC|NW|PLACER1',
      'OBR|1|||24331-1^Lipid panel^LN',
      'ORC|SC|PRIOR8',
      'OBR|1|||2093-3^Cholesterol^LN',
    ].join('\r');
    const profile: Hl7MappingProfileContent = {
      name: 'test orders',
      messageTypes: ['OML^O21'],
      resources: [{ key: 'order', resourceType: 'ServiceRequest', each: 'ORDER/OBSERVATION_REQUEST', identity: { mode: 'update' } }],
      rules: [{ id: 'placer', resource: 'order', source: 'ORC-2', target: 'identifier[+].value' }],
    };
    const orders = entriesOf(profile, oml, 'ServiceRequest').map((e) => (e.resource as { identifier?: { value?: string }[] }).identifier?.map((i) => i.value));
    expect(orders).toEqual([['PLACER1']]);
  });

  it('makes one conditional create of a resource two occurrences name by the same identifier, and points every reference to it', () => {
    const oru = [
      'MSH|^~\\&|LIS|LAB|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|CTRL1|P|2.5.1',
      'PID|1||MRN1^^^HOSP^MR||DOE^JANE',
      'OBR|1||F1|24331-1^Lipid panel^LN||||||||||||77^ORDERING^OLIVE',
      'OBR|2||F2|57021-8^CBC^LN||||||||||||77^ORDERING^OLIVE',
    ].join('\r');
    const profile: Hl7MappingProfileContent = {
      name: 'test results',
      messageTypes: ['ORU^R01'],
      resources: [
        { key: 'report', resourceType: 'DiagnosticReport', each: 'ORDER_OBSERVATION', identity: { mode: 'update' } },
        { key: 'doctor', resourceType: 'Practitioner', each: 'ORDER_OBSERVATION', identity: { mode: 'create' } },
      ],
      rules: [
        { id: 'filler', resource: 'report', source: 'OBR-3', target: 'identifier[0].value' },
        { id: 'performer', resource: 'report', source: '', target: 'performer[0]', transform: 'reference', args: { resource: 'doctor' } },
        { id: 'doctor-id', resource: 'doctor', source: 'OBR-16.1', target: 'identifier[0].value' },
        { id: 'doctor-name', resource: 'doctor', source: 'OBR-16.2', target: 'name[0].family' },
      ],
    };
    const doctors = entriesOf(profile, oru, 'Practitioner');
    expect(doctors).toHaveLength(1);
    expect(doctors[0]?.request).toEqual({ method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=77' });
    const performers = entriesOf(profile, oru, 'DiagnosticReport').map((e) => (e.resource as { performer?: { reference?: string }[] }).performer?.[0]?.reference);
    expect(performers).toEqual([doctors[0]?.fullUrl, doctors[0]?.fullUrl]);
  });

  it('makes one conditional update of a specimen each order of a result repeats, and points both reports to it', () => {
    // msfc_LAB-ORU-1.hl7: the same SPM (SpecimenID) closes each of its two orders.
    const oru = [
      'MSH|^~\\&|LIS|LAB|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|CTRL1|P|2.5.1',
      'PID|1||MRN1^^^HOSP^MR||DOE^JANE',
      'OBR|1||F1|24331-1^Lipid panel^LN',
      'SPM|1|S1||BLD',
      'OBR|2||F2|57021-8^CBC^LN',
      'SPM|1|S1||BLD',
    ].join('\r');
    const profile: Hl7MappingProfileContent = {
      name: 'test results',
      messageTypes: ['ORU^R01'],
      resources: [
        { key: 'report', resourceType: 'DiagnosticReport', each: 'ORDER_OBSERVATION', identity: { mode: 'update' } },
        { key: 'specimen', resourceType: 'Specimen', each: 'ORDER_OBSERVATION/SPECIMEN', identity: { mode: 'update' } },
      ],
      rules: [
        { id: 'filler', resource: 'report', source: 'OBR-3', target: 'identifier[0].value' },
        { id: 'report-specimen', resource: 'report', source: '', target: 'specimen[+]', transform: 'references', args: { resource: 'specimen' } },
        { id: 'specimen-id', resource: 'specimen', source: 'SPM-2', target: 'identifier[0].value' },
      ],
    };
    const specimens = entriesOf(profile, oru, 'Specimen');
    expect(specimens.map((e) => e.request)).toEqual([{ method: 'PUT', url: 'Specimen?identifier=S1' }]);
    const named = entriesOf(profile, oru, 'DiagnosticReport').map((e) => (e.resource as { specimen?: { reference?: string }[] }).specimen?.map((r) => r.reference));
    expect(named).toEqual([[specimens[0]?.fullUrl], [specimens[0]?.fullUrl]]);
  });

  it('keys a second OBX that repeats its order’s set id apart from the first, so both are kept and reprocessing finds each again', () => {
    // cdcdex_CELR_TX_ATillGenVersion251.hl7 and msfc_ORU-R01-01.hl7 repeat an OBX-1 within one order.
    const oru = [
      'MSH|^~\\&|LIS|LAB|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|CTRL1|P|2.5.1',
      'PID|1||MRN1^^^HOSP^MR||DOE^JANE',
      'OBR|1||F1|24331-1^Lipid panel^LN',
      'OBX|1|NM|2093-3^Cholesterol^LN||5.1',
      'OBX|1|NM|2571-8^Triglyceride^LN||1.2',
    ].join('\r');
    const profile: Hl7MappingProfileContent = {
      name: 'test results',
      messageTypes: ['ORU^R01'],
      resources: [{ key: 'observation', resourceType: 'Observation', each: 'ORDER_OBSERVATION/OBSERVATION', identity: { mode: 'update', compose: { system: 'urn:test:obs', parts: ['OBR-3', 'OBX-1'] } } }],
      rules: [{ id: 'code', resource: 'observation', source: 'OBX-3.1', target: 'code.text' }],
    };
    expect(entriesOf(profile, oru, 'Observation').map((e) => e.request?.url)).toEqual([
      `Observation?identifier=${encodeURIComponent('urn:test:obs|F1.1')}`,
      `Observation?identifier=${encodeURIComponent('urn:test:obs|F1.1#2')}`,
    ]);
  });

  it('writes a link as the element that holds it when a rule names the field and fixed elements (an Appointment participant)', () => {
    const siu = ['MSH|^~\\&|SCH|CLINIC|EHR|CLINIC|20240102030405||SIU^S12^SIU_S12|CTRL1|P|2.5.1', 'SCH|P1|F1', 'PID|1||MRN1^^^HOSP^MR||DOE^JANE'].join('\r');
    const profile: Hl7MappingProfileContent = {
      name: 'test schedule',
      messageTypes: ['SIU^S12'],
      resources: [
        { key: 'patient', resourceType: 'Patient', identity: { mode: 'create' } },
        { key: 'appointment', resourceType: 'Appointment', identity: { mode: 'update' } },
      ],
      rules: [
        { id: 'pid', resource: 'patient', source: 'PID-3', target: 'identifier[0].value' },
        { id: 'who', resource: 'appointment', source: '', target: 'participant[+]', transform: 'reference', args: { resource: 'patient', field: 'actor', with: '{"status":"accepted"}' } },
        { id: 'bad', resource: 'appointment', source: '', target: 'participant[+]', transform: 'reference', args: { resource: 'patient', with: '[1]' } },
      ],
    };
    const conversion = runProfile(profile, parse(siu));
    const [patient, appointment] = conversion.bundle.entry ?? [];
    expect((appointment?.resource as { participant?: unknown[] }).participant).toEqual([{ actor: { reference: patient?.fullUrl }, status: 'accepted' }]);
    expect(conversion.errors).toEqual([expect.objectContaining({ ruleId: 'bad', code: 'MAP_BAD_ARGUMENT' })]);
  });

  it('gives a segment repeated in its group only the segments that follow it (the second RXA never takes the first one’s RXR)', () => {
    const vxu = [
      'MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102030405||VXU^V04^VXU_V04|CTRL1|P|2.5.1',
      'PID|1||MRN1^^^HOSP^MR||DOE^JANE',
      'ORC|RE||IZ-1',
      'RXA|0|1|20240101||140^Flu^CVX',
      'RXR|C28161^Intramuscular^NCIT',
      'RXA|0|1|20230101||88^Flu^CVX',
    ].join('\r');
    const profile: Hl7MappingProfileContent = {
      name: 'test immunizations',
      messageTypes: ['VXU^V04'],
      resources: [{ key: 'immunization', resourceType: 'Immunization', each: 'RXA', identity: { mode: 'update' } }],
      rules: [
        { id: 'vaccine', resource: 'immunization', source: 'RXA-5.1', target: 'vaccineCode.text' },
        { id: 'route', resource: 'immunization', source: 'RXR-1.2', target: 'route.text' },
        { id: 'order', resource: 'immunization', source: 'ORC-3', target: 'identifier[0].value' },
      ],
    };
    const made = entriesOf(profile, vxu, 'Immunization').map((e) => e.resource);
    expect(made).toEqual([
      expect.objectContaining({ vaccineCode: { text: '140' }, route: { text: 'Intramuscular' }, identifier: [{ value: 'IZ-1' }] }),
      expect.objectContaining({ vaccineCode: { text: '88' }, identifier: [{ value: 'IZ-1' }] }),
    ]);
    expect(made[1]).not.toHaveProperty('route');
  });

  it('keys a patient whose identifier has no assigning authority by the sending facility too, and one with an authority by its own identifier', () => {
    const profile: Hl7MappingProfileContent = {
      name: 'test patients',
      messageTypes: ['ADT^A04'],
      resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update', compose: { system: 'urn:test:patient', parts: ['MSH-4', 'PID-3.1'], unlessSystem: true } } }],
      rules: [{ id: 'pid', resource: 'patient', source: 'PID-3[*]', target: 'identifier[+]', transform: 'cx_to_identifier' }],
    };
    const adt = (pid3: string) => ['MSH|^~\\&|ADT|GENERAL HOSP|EHR|CLINIC|20240102030405||ADT^A04^ADT_A01|CTRL1|P|2.5.1', 'EVN|A04', `PID|1||${pid3}||DOE^JANE`, 'PV1|1|O'].join('\r');
    const [bare] = entriesOf(profile, adt('123456789^^^^MR'), 'Patient');
    expect(bare?.request?.url).toBe(`Patient?identifier=${encodeURIComponent('urn:test:patient|GENERAL%20HOSP.123456789')}`);
    expect((bare?.resource as { identifier?: unknown[] }).identifier).toHaveLength(2);
    const [assigned] = entriesOf(profile, adt('123456789^^^HOSP&1.2.3&ISO^MR'), 'Patient');
    expect(assigned?.request?.url).toBe(`Patient?identifier=${encodeURIComponent('urn:oid:1.2.3|123456789')}`);
    expect((assigned?.resource as { identifier?: unknown[] }).identifier).toHaveLength(1);
  });

  it('keys a bare identifier by the sending application when the message names no sending facility, so two senders’ same number stay two patients', () => {
    const profile: Hl7MappingProfileContent = {
      name: 'test patients',
      messageTypes: ['ORU^R01'],
      resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'create', compose: { system: 'urn:test:patient', parts: ['MSH-4|MSH-3', 'PID-3.1'], unlessSystem: true } } }],
      rules: [{ id: 'pid', resource: 'patient', source: 'PID-3[*]', target: 'identifier[+]', transform: 'cx_to_identifier' }],
    };
    // msfc_LAB-ORU-1.hl7: MSH-4 empty, PID-3 with a local authority only.
    const oru = ['MSH|^~\\&|SomeSystem||TransformationAgent||20141006064500+0700||ORU^R01|182|T|2.5', 'PID|1||10006579^^^1^MR^1||DUCK^DONALD'].join('\r');
    const [patient] = entriesOf(profile, oru, 'Patient');
    expect(patient?.request).toEqual({ method: 'POST', url: 'Patient', ifNoneExist: `identifier=${encodeURIComponent('urn:test:patient|SomeSystem.10006579')}` });
  });
});

