/*
 * HL7 table 0354 (message structure), as of v2.5.1: the abstract message structure of each event whose
 * structure is shared with or named after another event. Senders often leave MSH-9.3 empty
 * (`ADT^A40`), and the dictionary's per-event entries are not always the normative structure (its
 * ADT_A40 of 2.4–2.5.1 names its group PATIENT_ID where ADT_A39 says PATIENT), so the structure is
 * looked up here first. Events whose structure is `<code>_<event>` (ORU^R01, VXU^V04, …) need no entry.
 */
const SHARED: Readonly<Record<string, string>> = {
  ADT_A01: 'ADT^A01 ADT^A04 ADT^A08 ADT^A13',
  ADT_A05: 'ADT^A05 ADT^A14 ADT^A28 ADT^A31',
  ADT_A06: 'ADT^A06 ADT^A07',
  ADT_A09: 'ADT^A09 ADT^A10 ADT^A11',
  ADT_A21: 'ADT^A21 ADT^A22 ADT^A23 ADT^A25 ADT^A26 ADT^A27 ADT^A29 ADT^A32 ADT^A33',
  ADT_A30: 'ADT^A30 ADT^A34 ADT^A35 ADT^A36 ADT^A46 ADT^A47 ADT^A48 ADT^A49',
  ADT_A39: 'ADT^A39 ADT^A40 ADT^A41 ADT^A42',
  ADT_A50: 'ADT^A50 ADT^A51',
  ADT_A52: 'ADT^A52 ADT^A53',
  ADT_A54: 'ADT^A54 ADT^A55',
  ADT_A61: 'ADT^A61 ADT^A62',
  MDM_T01: 'MDM^T01 MDM^T03 MDM^T05 MDM^T07 MDM^T09 MDM^T11',
  MDM_T02: 'MDM^T02 MDM^T04 MDM^T06 MDM^T08 MDM^T10',
  ORU_R30: 'ORU^R30 ORU^R31 ORU^R32',
  PPR_PC1: 'PPR^PC1 PPR^PC2 PPR^PC3',
  RDE_O11: 'RDE^O11 RDE^O25',
  REF_I12: 'REF^I12 REF^I13 REF^I14 REF^I15',
  RPA_I08: 'RPA^I08 RPA^I09 RPA^I10 RPA^I11',
  RQA_I08: 'RQA^I08 RQA^I09 RQA^I10 RQA^I11',
  RRI_I12: 'RRI^I12 RRI^I13 RRI^I14 RRI^I15',
  SIU_S12: 'SIU^S12 SIU^S13 SIU^S14 SIU^S15 SIU^S16 SIU^S17 SIU^S18 SIU^S19 SIU^S20 SIU^S21 SIU^S22 SIU^S23 SIU^S24 SIU^S26',
  SRM_S01: 'SRM^S01 SRM^S02 SRM^S03 SRM^S04 SRM^S05 SRM^S06 SRM^S07 SRM^S08 SRM^S09 SRM^S10 SRM^S11',
  SRR_S01: 'SRR^S01 SRR^S02 SRR^S03 SRR^S04 SRR^S05 SRR^S06 SRR^S07 SRR^S08 SRR^S09 SRR^S10 SRR^S11',
};

const BY_EVENT: ReadonlyMap<string, string> = new Map(Object.entries(SHARED).flatMap(([structure, events]) => events.split(' ').map((event) => [event, structure] as const)));

/**
 * The message structure a header means: MSH-9.3 when the sender gave one, else the table 0354 entry
 * for MSH-9.1^MSH-9.2, else `<code>_<event>` (ORU_R01); '' without a message code. ACK^<any event> is ACK.
 */
export function inferMessageStructure(header: { readonly messageCode: string; readonly triggerEvent: string; readonly messageStructure: string }): string {
  if (header.messageStructure !== '') return header.messageStructure;
  const code = header.messageCode.toUpperCase();
  const event = header.triggerEvent.toUpperCase();
  if (code === '') return '';
  if (code === 'ACK') return 'ACK';
  if (event === '') return code;
  return BY_EVENT.get(`${code}^${event}`) ?? `${code}_${event}`;
}
