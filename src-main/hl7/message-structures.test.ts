import { describe, expect, it } from 'vitest';
import { messageStructure } from './dictionary';
import { inferMessageStructure } from './message-structures';

const infer = (type: string, structure = ''): string => {
  const [messageCode = '', triggerEvent = ''] = type.split('^');
  return inferMessageStructure({ messageCode, triggerEvent, messageStructure: structure });
};

describe('inferMessageStructure', () => {
  it('gives the table 0354 structure of an event sent without MSH-9.3', () => {
    expect(
      Object.fromEntries(
        ['ADT^A01', 'ADT^A04', 'ADT^A08', 'ADT^A02', 'ADT^A03', 'ADT^A28', 'ADT^A31', 'ADT^A40', 'ADT^A34', 'SIU^S12', 'SIU^S13', 'SIU^S14', 'SIU^S15', 'ORU^R01', 'ORM^O01', 'OML^O21', 'MDM^T02', 'MDM^T04', 'VXU^V04', 'ACK^A01'].map((t) => [t, infer(t)]),
      ),
    ).toEqual({
      'ADT^A01': 'ADT_A01',
      'ADT^A04': 'ADT_A01',
      'ADT^A08': 'ADT_A01',
      'ADT^A02': 'ADT_A02',
      'ADT^A03': 'ADT_A03',
      'ADT^A28': 'ADT_A05',
      'ADT^A31': 'ADT_A05',
      'ADT^A40': 'ADT_A39',
      'ADT^A34': 'ADT_A30',
      'SIU^S12': 'SIU_S12',
      'SIU^S13': 'SIU_S12',
      'SIU^S14': 'SIU_S12',
      'SIU^S15': 'SIU_S12',
      'ORU^R01': 'ORU_R01',
      'ORM^O01': 'ORM_O01',
      'OML^O21': 'OML_O21',
      'MDM^T02': 'MDM_T02',
      'MDM^T04': 'MDM_T02',
      'VXU^V04': 'VXU_V04',
      'ACK^A01': 'ACK',
    });
  });

  it('keeps the MSH-9.3 a sender gave, and reads a lower-case type', () => {
    expect(infer('ADT^A40', 'ADT_A39')).toBe('ADT_A39');
    expect(infer('ADT^A04', 'ADT_A04')).toBe('ADT_A04');
    expect(infer('adt^a40')).toBe('ADT_A39');
  });

  it('falls back to the message code alone, or nothing, when the type is incomplete', () => {
    expect(infer('ADT')).toBe('ADT');
    expect(infer('')).toBe('');
  });

  it('names only structures the dictionary has, in every version that has MSH-9.3', () => {
    for (const type of ['ADT^A04', 'ADT^A08', 'ADT^A28', 'ADT^A31', 'ADT^A40', 'ADT^A41', 'ADT^A42', 'ADT^A29', 'ADT^A34', 'SIU^S13', 'MDM^T04', 'ORU^R31']) {
      const [messageCode = '', triggerEvent = ''] = type.split('^');
      for (const version of ['2.3.1', '2.4', '2.5', '2.5.1', '2.6', '2.7', '2.8']) {
        expect(messageStructure({ messageCode, triggerEvent, messageStructure: '', version })?.name, `${type} ${version}`).toBe(infer(type));
      }
    }
  });
});
