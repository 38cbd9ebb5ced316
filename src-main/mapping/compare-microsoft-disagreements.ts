/**
 * Every place our conversions disagree with Microsoft FHIR-Converter's expected output for the same
 * message (compare-microsoft.test.ts), and why ours differs. A new disagreement fails the test until it
 * is explained here; an entry that no longer occurs fails it too.
 */
export interface Disagreement {
  /** The compared element (see `facts` in the test). */
  element: string;
  /** The sample messages (file stems) where it occurs. */
  stems: string[];
  reason: string;
}

const REASONS = {
  'pid-ids': 'We map PID-3, the identifiers a patient is found by; they add PID-2, PID-4, PID-19 (SSN), PID-20 (driver’s licence) and member numbers from IN1/IN2/PD1. Those fields are listed in our coverage report as not mapped.',
  'a40': 'For ADT^A40 they make a Linkage and no Patient; we update the surviving Patient and mark the merged one inactive, linked by Patient.link (replaces / replaced-by).',
  'nickname': 'PID-5 XPN.15 (called by) is a nickname: per the guide’s XPN sheet we make it a second HumanName with use nickname; they append it to the given names.',
  'adt-obx': 'Our ADT profile does not map OBX or PDA (death, autopsy) segments; they make Observations of them. Our coverage report lists them as not mapped.',
  'other-obx': 'OBX sent with an appointment (SIU) or a document (MDM) are not Observations in our profiles: the MDM OBX text is the DocumentReference content, and the others are listed as not mapped.',
  'order-obx': 'Each valued OBX of an order’s OBSERVATION group is an Observation in its ServiceRequest’s supportingInfo (the guide’s ORM_O01 and OML_O21 maps), as in theirs; we part where an RP value (1063-7) is kept as text while they drop that OBX, where the OBX of SPECIMEN, CONTAINER and PRIOR_RESULT groups (no target in the guide’s OML_O21 sheet) or of an ORC without an OBR (no ServiceRequest is made) are Observations in theirs only, where OBX-5 repeats (60~120: we keep the first value and its unit, they none), and in MDHHS-OML-O21-2, whose OBX stands outside any order group.',
  'vxu-obx': 'Each valued OBX of the immunization ORDER is an Observation partOf its Immunization (the guide’s VXU_V04 map), funding source (30963-3) and eligibility (64994-7) included, which they leave out; the 8867-4 OBX outside the order (a patient-level observation, in the INSURANCE group as sent) is theirs only: ours lists it as not mapped.',
  'empty-obx': 'An OBX with no value (11156-7, 20509-6) makes no Observation in ours, because it would have neither a value nor a reason it is absent. They make one.',
  'spm-obx': 'Per the guide’s ORU_R01 map, our OBX in the SPECIMEN group are Observations (1063-7, 8867-4); they drop them. For NM 27~25 we keep the first repetition, and we keep the RP value as text; they give no value.',
  'order-time': 'When OBX-14 is empty we take the order’s OBR-7 as the Observation’s effective time (the guide); they leave it empty.',
  'order-reports': 'They make DiagnosticReports from the OBR of orders (ORM/OML), of MDM and of each SPECIMEN group. We make a report only per ORU ORDER_OBSERVATION, and an order is a ServiceRequest.',
  'other-sr': 'They also make ServiceRequests from the ORC/OBR/AIS of results, appointments, immunizations, documents and ADT. Our profiles for those messages don’t: an ORU’s DiagnosticReport carries the order numbers, and an Appointment its services.',
  'oml-extra-sr': 'They make an extra ServiceRequest with no code for a group without its own OBR (ORC-only, or an OBR the structure nests as a prior result). We make one per requested service (ORC with its OBR).',
  'orc1-status': 'ORC-5 is empty here, so the guide maps ORC-1 NW through OrderControlCode[ServiceRequest.status] to active; they answer unknown.',
  'ed-doc': 'The only document OBX is an ED with no data, so we make no DocumentReference (content is required). They make one without content.',
  'oru-txa': 'They make a DocumentReference from the TXA inside an ORU; our ORU profile does not map TXA (listed as not mapped).',
} as const;

export const DISAGREEMENTS: readonly Disagreement[] = [
  { element: 'Patient.birthDate', reason: REASONS['a40'], stems: ['msfc_ADT-A40-01', 'msfc_ADT-A40-02'] },
  { element: 'Patient.gender', reason: REASONS['a40'], stems: ['msfc_ADT-A40-01', 'msfc_ADT-A40-02'] },
  { element: 'Patient.identifier', reason: REASONS['a40'], stems: ['msfc_ADT-A40-01', 'msfc_ADT-A40-02'] },
  { element: 'Patient.name.family', reason: REASONS['a40'], stems: ['msfc_ADT-A40-01', 'msfc_ADT-A40-02'] },
  { element: 'Patient.name.given', reason: REASONS['a40'], stems: ['msfc_ADT-A40-01', 'msfc_ADT-A40-02'] },
  { element: 'Observation.code', reason: REASONS['adt-obx'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A02-01', 'msfc_ADT-A03-01', 'msfc_ADT-A04-01', 'msfc_ADT-A05-01', 'msfc_ADT-A06-01', 'msfc_ADT-A07-01', 'msfc_ADT-A08-01', 'msfc_ADT-A09-01', 'msfc_ADT-A10-01', 'msfc_ADT-A11-01', 'msfc_ADT-A13-01', 'msfc_ADT-A28-01', 'msfc_ADT-A31-01'] },
  { element: 'Observation.effective', reason: REASONS['adt-obx'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A02-01', 'msfc_ADT-A03-01', 'msfc_ADT-A04-01', 'msfc_ADT-A05-01', 'msfc_ADT-A06-01', 'msfc_ADT-A07-01', 'msfc_ADT-A08-01', 'msfc_ADT-A09-01', 'msfc_ADT-A10-01', 'msfc_ADT-A11-01', 'msfc_ADT-A13-01', 'msfc_ADT-A28-01', 'msfc_ADT-A31-01'] },
  { element: 'Observation.status', reason: REASONS['adt-obx'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A02-01', 'msfc_ADT-A03-01', 'msfc_ADT-A04-01', 'msfc_ADT-A05-01', 'msfc_ADT-A06-01', 'msfc_ADT-A07-01', 'msfc_ADT-A08-01', 'msfc_ADT-A09-01', 'msfc_ADT-A10-01', 'msfc_ADT-A11-01', 'msfc_ADT-A13-01', 'msfc_ADT-A28-01', 'msfc_ADT-A31-01'] },
  { element: 'Observation.unit', reason: REASONS['adt-obx'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A02-01', 'msfc_ADT-A03-01', 'msfc_ADT-A04-01', 'msfc_ADT-A05-01', 'msfc_ADT-A06-01', 'msfc_ADT-A07-01', 'msfc_ADT-A08-01', 'msfc_ADT-A09-01', 'msfc_ADT-A10-01', 'msfc_ADT-A11-01', 'msfc_ADT-A13-01', 'msfc_ADT-A28-01', 'msfc_ADT-A31-01'] },
  { element: 'Observation.value', reason: REASONS['adt-obx'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A02-01', 'msfc_ADT-A03-01', 'msfc_ADT-A04-01', 'msfc_ADT-A05-01', 'msfc_ADT-A06-01', 'msfc_ADT-A07-01', 'msfc_ADT-A08-01', 'msfc_ADT-A09-01', 'msfc_ADT-A10-01', 'msfc_ADT-A11-01', 'msfc_ADT-A13-01', 'msfc_ADT-A28-01', 'msfc_ADT-A31-01'] },
  { element: 'DocumentReference', reason: REASONS['ed-doc'], stems: ['msfc_MDM-T02-01'] },
  { element: 'Observation.code', reason: REASONS['empty-obx'], stems: ['msfc_LAB-ORU-1'] },
  { element: 'Observation.effective', reason: REASONS['empty-obx'], stems: ['msfc_LAB-ORU-1'] },
  { element: 'Observation.status', reason: REASONS['empty-obx'], stems: ['msfc_LAB-ORU-1'] },
  { element: 'Observation.unit', reason: REASONS['empty-obx'], stems: ['msfc_LAB-ORU-1'] },
  { element: 'Observation.value', reason: REASONS['empty-obx'], stems: ['msfc_LAB-ORU-1'] },
  { element: 'Patient.name.given', reason: REASONS['nickname'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A01-02', 'msfc_ADT-A02-01', 'msfc_ADT-A02-02', 'msfc_ADT-A03-01', 'msfc_ADT-A03-02', 'msfc_ADT-A04-01', 'msfc_ADT-A04-02', 'msfc_ADT-A05-01', 'msfc_ADT-A05-02', 'msfc_ADT-A08-01', 'msfc_ADT-A08-02', 'msfc_ADT-A11-01', 'msfc_ADT-A11-02', 'msfc_ADT-A13-01', 'msfc_ADT-A13-02', 'msfc_ADT-A28-01', 'msfc_ADT-A28-02', 'msfc_ADT-A31-01', 'msfc_ADT-A31-02', 'msfc_OML-O21-01', 'msfc_ORM-O01-01', 'msfc_ORM-O01-02', 'msfc_ORM-O01-03', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06', 'msfc_SIU-S12-01', 'msfc_SIU-S12-02', 'msfc_SIU-S13-01', 'msfc_SIU-S13-02', 'msfc_SIU-S14-01', 'msfc_SIU-S14-02', 'msfc_SIU-S15-01', 'msfc_SIU-S15-02', 'msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'ServiceRequest', reason: REASONS['oml-extra-sr'], stems: ['msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03'] },
  { element: 'ServiceRequest', reason: REASONS['orc1-status'], stems: ['msfc_MDHHS-OML-O21-2'] },
  { element: 'DiagnosticReport.effective', reason: REASONS['order-reports'], stems: ['msfc_MDM-T02-01', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-02', 'msfc_ORU-R01-01'] },
  { element: 'DiagnosticReport.status', reason: REASONS['order-reports'], stems: ['msfc_MDM-T02-01', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-02', 'msfc_ORU-R01-01'] },
  { element: 'DocumentReference', reason: REASONS['oru-txa'], stems: ['msfc_ORU-R01-01'] },
  { element: 'Observation.code', reason: REASONS['other-obx'], stems: ['msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_MDM-T02-03', 'msfc_SIU-S12-01'] },
  { element: 'Observation.code', reason: REASONS['order-obx'], stems: ['msfc_MDHHS-OML-O21-2', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-02', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06'] },
  { element: 'Observation.code', reason: REASONS['vxu-obx'], stems: ['msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'Observation.effective', reason: REASONS['other-obx'], stems: ['msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_MDM-T02-03', 'msfc_SIU-S12-01'] },
  { element: 'Observation.effective', reason: REASONS['order-obx'], stems: ['msfc_MDHHS-OML-O21-2', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-02', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06'] },
  { element: 'Observation.effective', reason: REASONS['vxu-obx'], stems: ['msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'Observation.status', reason: REASONS['other-obx'], stems: ['msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_MDM-T02-03', 'msfc_SIU-S12-01'] },
  { element: 'Observation.status', reason: REASONS['order-obx'], stems: ['msfc_MDHHS-OML-O21-2', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-02', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06'] },
  { element: 'Observation.status', reason: REASONS['vxu-obx'], stems: ['msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'Observation.unit', reason: REASONS['other-obx'], stems: ['msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_MDM-T02-03', 'msfc_SIU-S12-01'] },
  { element: 'Observation.unit', reason: REASONS['order-obx'], stems: ['msfc_MDHHS-OML-O21-2', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-01', 'msfc_ORM-O01-02', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06'] },
  { element: 'Observation.unit', reason: REASONS['vxu-obx'], stems: ['msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'Observation.value', reason: REASONS['other-obx'], stems: ['msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_MDM-T02-03', 'msfc_SIU-S12-01'] },
  { element: 'Observation.value', reason: REASONS['order-obx'], stems: ['msfc_MDHHS-OML-O21-2', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-01', 'msfc_ORM-O01-02', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06'] },
  { element: 'Observation.value', reason: REASONS['vxu-obx'], stems: ['msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'ServiceRequest', reason: REASONS['other-sr'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A03-01', 'msfc_ADT-A04-01', 'msfc_ADT-A05-01', 'msfc_ADT-A08-01', 'msfc_ADT-A13-01', 'msfc_ADT-A28-01', 'msfc_ADT-A31-01', 'msfc_IZ_1_1.1_Admin_Child_Max_Message', 'msfc_LAB-ORU-1', 'msfc_LAB-ORU-2', 'msfc_LRI_2.0-NG_CBC_Typ_Message', 'msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_MDM-T02-03', 'msfc_ORU-R01-01', 'msfc_ORU-R01-RMGEAD', 'msfc_SIU-S12-01', 'msfc_SIU-S12-02', 'msfc_SIU-S13-01', 'msfc_SIU-S13-02', 'msfc_SIU-S14-01', 'msfc_SIU-S14-02', 'msfc_SIU-S15-01', 'msfc_SIU-S15-02', 'msfc_VXU', 'msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'Patient.identifier', reason: REASONS['pid-ids'], stems: ['msfc_ADT-A01-01', 'msfc_ADT-A01-02', 'msfc_ADT-A02-01', 'msfc_ADT-A02-02', 'msfc_ADT-A03-01', 'msfc_ADT-A03-02', 'msfc_ADT-A04-01', 'msfc_ADT-A04-02', 'msfc_ADT-A05-01', 'msfc_ADT-A05-02', 'msfc_ADT-A06-01', 'msfc_ADT-A06-02', 'msfc_ADT-A07-01', 'msfc_ADT-A07-02', 'msfc_ADT-A08-01', 'msfc_ADT-A08-02', 'msfc_ADT-A09-01', 'msfc_ADT-A09-02', 'msfc_ADT-A10-01', 'msfc_ADT-A10-02', 'msfc_ADT-A11-01', 'msfc_ADT-A11-02', 'msfc_ADT-A13-01', 'msfc_ADT-A13-02', 'msfc_ADT-A28-01', 'msfc_ADT-A28-02', 'msfc_ADT-A31-01', 'msfc_ADT-A31-02', 'msfc_ADT01-23', 'msfc_ADT01-28', 'msfc_ADT04-28', 'msfc_LAB-ORU-1', 'msfc_LAB-ORU-2', 'msfc_MDM-T02-01', 'msfc_MDM-T02-02', 'msfc_OML-O21-01', 'msfc_OML-O21-02', 'msfc_OML-O21-03', 'msfc_ORM-O01-01', 'msfc_ORM-O01-02', 'msfc_ORM-O01-03', 'msfc_ORM-O01-04', 'msfc_ORM-O01-05', 'msfc_ORM-O01-06', 'msfc_ORU-R01-RMGEAD', 'msfc_SIU-S12-01', 'msfc_SIU-S12-02', 'msfc_SIU-S13-01', 'msfc_SIU-S13-02', 'msfc_SIU-S14-01', 'msfc_SIU-S14-02', 'msfc_SIU-S15-01', 'msfc_SIU-S15-02', 'msfc_VXU-V04-01', 'msfc_VXU-V04-02'] },
  { element: 'Observation.effective', reason: REASONS['order-time'], stems: ['msfc_ORU-R01-RMGEAD'] },
  { element: 'Observation.code', reason: REASONS['spm-obx'], stems: ['msfc_ORU-R01-01'] },
  { element: 'Observation.effective', reason: REASONS['spm-obx'], stems: ['msfc_ORU-R01-01'] },
  { element: 'Observation.status', reason: REASONS['spm-obx'], stems: ['msfc_ORU-R01-01'] },
  { element: 'Observation.unit', reason: REASONS['spm-obx'], stems: ['msfc_ORU-R01-01'] },
  { element: 'Observation.value', reason: REASONS['spm-obx'], stems: ['msfc_ORU-R01-01'] },
];
