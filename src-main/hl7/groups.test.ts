import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Hl7Group } from './groups';
import { findGroups, groupSegments } from './groups';
import { messageStructure, type StructureNode } from './dictionary';
import { DICTIONARY_VERSIONS, STRUCTURE_INDEX } from './dictionary-data';
import { parse } from './parse';
import { Hl7Segment } from './segment';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/hl7v2');
const read = (file: string): string => readFileSync(path.join(corpus, file), 'utf8');
const ids = (group: Hl7Group): string[] => group.children.map((c) => (c instanceof Hl7Segment ? c.id : `[${c.name}]`));
const flatten = (group: Hl7Group): Hl7Segment[] => group.children.flatMap((c) => (c instanceof Hl7Segment ? [c] : flatten(c)));

describe('message structures', () => {
  const segmentIds = (nodes: readonly StructureNode[]): string[] => nodes.flatMap((n) => (n.kind === 'segment' ? [...(n.oneOf ?? [n.id])] : segmentIds(n.children)));

  it('reads every structure of every version, choice positions included, into segments with real ids', () => {
    for (const key of Object.keys(STRUCTURE_INDEX)) {
      for (const version of DICTIONARY_VERSIONS) {
        const [messageCode = '', triggerEvent = ''] = key.split('_');
        const structure = messageStructure({ messageCode, triggerEvent, messageStructure: key, version });
        expect(structure, key).toBeDefined();
        // GenericSegment is the dictionary's "any segment" (MFN_M01 2.1–2.5): it matches no id.
        for (const id of segmentIds(structure!.children)) expect(id, `${key} ${version}`).toMatch(/^([A-Z][A-Z0-9]{2}|GenericSegment)$/);
      }
    }
  });

  it('reads a choice position (ORM_O01 OBR,RQD,RQ1,RXO,ODS,ODT) as one segment position taking any of them', () => {
    const structure = messageStructure({ messageCode: 'ORM', triggerEvent: 'O01', messageStructure: '', version: '2.3' })!;
    const order = structure.children.find((n) => n.kind === 'group' && n.name === 'ORDER') as Extract<StructureNode, { kind: 'group' }>;
    const detail = order.children.find((n) => n.kind === 'group' && n.name === 'ORDER_DETAIL') as Extract<StructureNode, { kind: 'group' }>;
    expect(detail.children[0]).toMatchObject({ kind: 'segment', id: 'OBR', oneOf: ['OBR', 'RQD', 'RQ1', 'RXO', 'ODS', 'ODT'] });
  });
});

describe('groupSegments', () => {
  it('groups a v2.3 ORM^O01, whose structure has a choice position, into its order detail', () => {
    const root = groupSegments(parse(read('msfc_LAB-ORM-1.hl7')));
    const [detail] = findGroups(root, 'ORDER_DETAIL');
    expect(ids(detail!)[0]).toBe('OBR');
    const pharmacy = 'MSH|^~\\&|A|B|C|D|1||ORM^O01|X|P|2.3\rPID|1\rORC|NW\rRXO|1\rORC|NW\rOBR|2\r';
    expect(findGroups(groupSegments(parse(pharmacy)), 'ORDER_DETAIL').map((g) => ids(g)[0])).toEqual(['RXO', 'OBR']);
  });

  it('groups an ORU_R01 into patient, order-observation and observation groups', () => {
    const root = groupSegments(parse(read('msfc_LAB-ORU-1.hl7')));
    expect(root.name).toBe('ORU_R01');
    const orders = findGroups(root, 'ORDER_OBSERVATION');
    expect(orders.length).toBe(2);
    expect(ids(orders[0]!)).toEqual(['OBR', '[OBSERVATION]', '[OBSERVATION]', '[OBSERVATION]', '[OBSERVATION]', '[OBSERVATION]', '[SPECIMEN]']);
    expect(findGroups(root, 'OBSERVATION').every((g) => ids(g)[0] === 'OBX')).toBe(true);
  });

  it('keeps NTE after OBX inside the observation it comments on', () => {
    const text = 'MSH|^~\\&|A|B|C|D|1||ORU^R01^ORU_R01|X|P|2.5.1\rPID|1\rOBR|1\rNTE|1||order note\rOBX|1\rNTE|1||result note\rOBX|2\r';
    const root = groupSegments(parse(text));
    const [order] = findGroups(root, 'ORDER_OBSERVATION');
    expect(ids(order!)).toEqual(['OBR', 'NTE', '[OBSERVATION]', '[OBSERVATION]']);
    expect(ids(findGroups(root, 'OBSERVATION')[0]!)).toEqual(['OBX', 'NTE']);
  });

  it('keeps segments the structure does not expect, in order, in the open group', () => {
    const message = parse(read('cdcdex_CELR_TX_ATVersion23.hl7'));
    const root = groupSegments(message);
    expect(flatten(root)).toEqual(message.segments());
    expect(ids(findGroups(root, 'ORDER_OBSERVATION')[0]!)).toContain('ZLR');
  });

  it('loses no segment in any corpus message', () => {
    for (const file of ['msfc_ADT-A01-01.hl7', 'msfc_OML-O21-03.hl7', 'msfc_VXU-V04-01.hl7', 'cdcdex_bigmessage.hl7', 'msfc_SIU-S12-01.hl7']) {
      const message = parse(read(file));
      expect(flatten(groupSegments(message))).toEqual(message.segments());
    }
  });

  it('groups an ORM_O01 whose order detail is a choice of segments (OBR, RQD, RQ1, …)', () => {
    const message = parse(read('msfc_ORM-O01-01.hl7'));
    const root = groupSegments(message);
    expect(flatten(root)).toEqual(message.segments());
    const [detail] = findGroups(root, 'ORDER_DETAIL');
    expect(ids(detail!).slice(0, 2)).toEqual(['OBR', 'CTD']);
    expect(findGroups(root, 'OBSERVATION')).toHaveLength(1);
  });

  it('falls back to one flat group for message types the dictionary does not know', () => {
    const message = parse('MSH|^~\\&|A|B|C|D|1||ZZZ^Z01|X|P|2.5\rZZ1|1\r');
    const root = groupSegments(message);
    expect(root.name).toBe('ZZZ^Z01');
    expect(ids(root)).toEqual(['MSH', 'ZZ1']);
  });
});
