import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../fhir/terminology/csv';
import { DEFAULT_PROFILES } from './default-profiles';
import { elementsOf, guideFindings, guideRows, profileTargets, readAsR4, targetsAgree } from './guide-check';
import { GUIDE_GAPS } from './guide-gaps';

const guide = resolve(import.meta.dirname, '../../../shared/reference/v2-to-fhir');
/** Segment sheets by name (`PID[Patient]`) → their file, from the guide copy's MANIFEST.csv. */
const segmentSheets = new Map(
  parseCsv(readFileSync(resolve(guide, 'MANIFEST.csv'), 'utf8'))
    .filter((r) => r[2] === 'segment')
    .map((r) => [r[3] as string, r[0] as string]),
);

const profile = (prefix: string) => {
  const found = DEFAULT_PROFILES.find((p) => p.name.startsWith(prefix));
  if (!found) throw new Error(`no default profile named ${prefix}`);
  return found;
};
const ADT = 'ADT patient administration';
const A17 = 'ADT^A17';
const A40 = 'ADT^A40';
const ORU = 'ORU^R01';
const ORDERS = 'ORM^O01 / OML^O21';
const SIU = 'SIU^S12';
const MDM = 'MDM^T02';
const VXU = 'VXU^V04';

/** Each sheet for a resource our defaults make → the profiles and resource templates it is checked against. */
const SHEETS: Record<string, [string, string[]][]> = {
  'PID[Patient]': [[ADT, ['patient']], [A17, ['patient']], [A40, ['survivor']], [ORU, ['patient']], [ORDERS, ['patient']], [SIU, ['patient']], [MDM, ['patient']], [VXU, ['patient']]],
  'PV1[Encounter]': [[ADT, ['encounter']], [A17, ['encounter']]],
  'MSH[Encounter]': [[ADT, ['encounter']], [A17, ['encounter']]],
  'NK1[RelatedPerson]': [[ADT, ['related-person']]],
  'IN1[Coverage]': [[ADT, ['coverage']]],
  'AL1[AllergyIntolerance]': [[ADT, ['allergy']]],
  'DG1[Condition]': [[ADT, ['condition']]],
  'OBR[DiagnosticReport]': [[ORU, ['report']]],
  'ORC[DiagnosticReport]': [[ORU, ['report']]],
  'OBX[Observation]': [[ORU, ['observation']], [ORDERS, ['observation']], [VXU, ['observation', 'person-observation']]],
  'NTE[Observation]': [[ORU, ['observation']], [ORDERS, ['observation']], [VXU, ['observation', 'person-observation']]],
  'SPM[Specimen]': [[ORU, ['specimen']], [ORDERS, ['specimen']]],
  'OBR[ServiceRequest]': [[ORDERS, ['order']]],
  'ORC[ServiceRequest]': [[ORDERS, ['order']]],
  'NTE[ServiceRequest]': [[ORDERS, ['order']]],
  'TQ1[ServiceRequest]': [[ORDERS, ['order']]],
  'RXO[MedicationRequest]': [[ORDERS, ['medication']]],
  'RXR[MedicationRequest]': [[ORDERS, ['medication']]],
  'SCH[Appointment]': [[SIU, ['appointment']]],
  'AIS[Appointment]': [[SIU, ['appointment']]],
  'AIP[Appointment]': [[SIU, ['appointment']]],
  'AIG[Appointment]': [[SIU, ['appointment']]],
  'AIL[Appointment]': [[SIU, ['appointment']]],
  'NTE[Appointment-Comment]': [[SIU, ['appointment']]],
  'TXA[DocumentReference]': [[MDM, ['document', 'document-ed', 'document-rp']]],
  'OBX[DocumentReference]': [[MDM, ['document', 'document-ed', 'document-rp']]],
  'NTE[DocumentReference]': [[MDM, ['document', 'document-ed', 'document-rp']]],
  'RXA[Immunization]': [[VXU, ['immunization']]],
  'RXR[Immunization]': [[VXU, ['immunization']]],
  'ORC[Immunization]': [[VXU, ['immunization']]],
};

/** Segment sheets not checked, and why: each is for a resource (or a role) our defaults do not make from that segment. */
const SHEETS_NOT_USED: Record<string, string> = {
  'AIS[ServiceRequest]': 'a scheduled service as an order: our SIU makes the Appointment only (AIS → Appointment.serviceType)',
  'DG1[Encounter]': 'Encounter.diagnosis: our ADT makes each DG1 a Condition of the Patient and does not link it to the visit',
  'DG1[EpisodeOfCare]': 'no EpisodeOfCare is made',
  'EVN[Provenance]': 'no Provenance is made; meta.source names the message',
  'IAM[AllergyIntolerance]': 'IAM comes with ADT^A60, which no default profile covers',
  'IN3[CareTeam]': 'no CareTeam is made',
  'MRG[Account]': 'no Account is made; our A40 makes the record merged away an inactive Patient (MRG-1) instead',
  'MSA[MessageHeader]': 'no MessageHeader is made: the Bundle is a transaction, not a message',
  'MSH[Bundle]': 'the Bundle is the engine’s transaction, not a copy of the message',
  'MSH[MessageHeader]': 'no MessageHeader is made',
  'MSH[Provenance-Operator]': 'no Provenance is made',
  'MSH[Provenance-Source]': 'no Provenance is made',
  'MSH[Provenance-Transformation]': 'no Provenance is made',
  'NK1[Patient]': 'NK1 → Patient.contact: our ADT makes each named NK1 a RelatedPerson instead (the guide maps both)',
  'OBR[Specimen]': 'the v2.4-and-earlier specimen source in OBR-15: our Specimens come from SPM',
  'OBX[Observation-Component]': 'observations are not folded into components',
  'ORC[MedicationAdministration]': 'no MedicationAdministration is made',
  'ORC[Provenance]': 'no Provenance is made',
  'PD1[Observation-LivingWill]': 'PD1 is not mapped',
  'PD1[Patient]': 'PD1 is not mapped',
  'PID[Account]': 'no Account is made',
  'PID[Appointment]': 'the Appointment’s patient participant is the Patient made from PID[Patient], referenced',
  'PID[Provenance-Patient]': 'no Provenance is made',
  'PR1[Procedure]': 'PR1 is not in issue 12’s ADT list (no Procedure is made)',
  'PRT[CareTeam]': 'PRT is not mapped',
  'PRT[Device]': 'PRT is not mapped',
  'PRT[Observation-Location]': 'PRT is not mapped',
  'PRT[Patient-GeneralPractitioner-PractitionerRole]': 'PRT is not mapped',
  'PRT[Patient-GeneralPractitioner-Practitioner]': 'PRT is not mapped',
  'PRT[PractitionerRole]': 'PRT is not mapped',
  'PRT[RelatedPerson]': 'PRT is not mapped',
  'PV1[Basic-EncounterHistory]': 'no EncounterHistory (Basic) is made',
  'PV1[Coverage]': 'PV1-20 financial class: our Coverages come from IN1',
  'PV1[Patient]': 'PV1-7/-8 are participants of the Encounter in our ADT, not Patient.generalPractitioner',
  'PV2[Encounter]': 'PV2 is not mapped',
  'ROL[CareTeam]': 'ROL is not mapped',
  'ROL[Encounter-PractitionerRole]': 'ROL is not mapped',
  'ROL[Patient-GeneralPractitioner]': 'ROL is not mapped',
  'ROL[RelatedPerson]': 'ROL is not mapped',
  'SCH[Provenance]': 'no Provenance is made',
  'SCH[ServiceRequest]': 'our SIU makes the Appointment only',
  'SFT[Device]': 'no Device is made',
  'SFT[MessageHeader]': 'no MessageHeader is made',
  'TQ1[MedicationRequest]': 'TQ1 timing is not mapped into MedicationRequest.dosageInstruction.timing yet (as for ServiceRequest); reported as unmapped data',
  'TXA[Provenance]': 'no Provenance is made',
};

/** `PID[Patient] PID-12 unmapped [ADT^A01, ORU^R01]`: each finding with the profiles it holds for (named by their first type). */
function findingsOf(sheet: string): string[] {
  const resourceType = /\[([A-Za-z]+)/.exec(sheet)?.[1] as string;
  const rows = guideRows(parseCsv(readFileSync(resolve(guide, segmentSheets.get(sheet) as string), 'utf8'))).map((row) => readAsR4(resourceType, row));
  const segment = sheet.slice(0, 3);
  const by = new Map<string, string[]>();
  for (const [name, templates] of SHEETS[sheet] ?? []) {
    const content = profile(name);
    for (const finding of guideFindings(rows, profileTargets(content, templates, segment))) by.set(finding, [...(by.get(finding) ?? []), content.messageTypes[0] as string]);
  }
  return [...by].map(([finding, profiles]) => `${sheet} ${finding} [${profiles.join(', ')}]`);
}

describe('guide check', () => {
  it('reads a segment sheet by its column names: rows with a FHIR target, one per target', () => {
    const records = [['HL7 v2'], ['Sort Order', 'Identifier', 'Name', 'FHIR Attribute'], ['1', 'PID-1', 'Set ID', ''], ['3', 'PID-3', 'Ids', 'identifier[2]'], ['7', 'PID-7', 'Birth', 'birthDate.extension[1].url']];
    expect(guideRows(records)).toEqual([{ field: 'PID-3', attribute: 'identifier[2]' }, { field: 'PID-7', attribute: 'birthDate.extension[1].url' }]);
  });

  it('compares targets without indexes or reference types, a choice type matching each of its types', () => {
    expect(elementsOf('participant.actor[1](Patient)')).toEqual(['participant', 'actor']);
    expect(targetsAgree('identifier[+]', 'identifier[2]')).toBe(true);
    expect(targetsAgree('valueQuantity.value', 'value[x]')).toBe(true);
    expect(targetsAgree('birthDate', 'birthDate.extension[1].url')).toBe(true);
    expect(targetsAgree('valueString', 'valueQuantity')).toBe(false);
    expect(targetsAgree('start', '$this')).toBe(true);
    expect(targetsAgree('note[*].text', 'comment')).toBe(false);
  });

  it('reads the guide’s DocumentReference content rows as the R4 attachment elements they stand for', () => {
    expect(readAsR4('DocumentReference', { field: 'OBX-5', attribute: 'content[2].data' })).toEqual({ field: 'OBX-5', attribute: 'content[2].attachment.data' });
    expect(readAsR4('DocumentReference', { field: 'OBX-5', attribute: 'content[3].url' })).toEqual({ field: 'OBX-5', attribute: 'content[3].attachment.url' });
    expect(readAsR4('DocumentReference', { field: 'OBX-5', attribute: 'content[1].attachment' })).toEqual({ field: 'OBX-5', attribute: 'content[1].attachment' });
    expect(readAsR4('Observation', { field: 'OBX-5', attribute: 'content[2].data' })).toEqual({ field: 'OBX-5', attribute: 'content[2].data' });
  });

  it('says which fields the guide maps that a profile does not, and where both map a field to different elements', () => {
    const profileContent = { name: 'p', messageTypes: [], resources: [], rules: [{ id: 'a', resource: 'patient', source: 'PID-7', target: 'deceasedDateTime' }, { id: 'b', resource: 'patient', source: 'PID-5[*].1', target: 'name[0].family' }] };
    const rows = [{ field: 'PID-5', attribute: 'name[1]' }, { field: 'PID-7', attribute: 'birthDate' }, { field: 'PID-8', attribute: 'gender' }];
    expect(guideFindings(rows, profileTargets(profileContent, ['patient'], 'PID'))).toEqual(['PID-7 differs → birthDate (ours: deceasedDateTime)', 'PID-8 unmapped']);
  });
});

describe('the default profiles against the V2-to-FHIR guide’s segment sheets', () => {
  it('checks every segment sheet or says why not', () => {
    expect([...segmentSheets.keys()].filter((sheet) => !(sheet in SHEETS) && !(sheet in SHEETS_NOT_USED))).toEqual([]);
    expect(Object.keys({ ...SHEETS, ...SHEETS_NOT_USED }).filter((sheet) => !segmentSheets.has(sheet))).toEqual([]);
  });

  it('agrees with the guide on the target of every field both map, and lists each field the guide maps that we do not, with a reason', () => {
    const findings = Object.keys(SHEETS).flatMap(findingsOf).sort();
    expect(findings.filter((f) => !(f in GUIDE_GAPS))).toEqual([]);
    expect(Object.keys(GUIDE_GAPS).filter((f) => !findings.includes(f))).toEqual([]);
  });
});
