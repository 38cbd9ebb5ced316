import { describe, expect, it } from 'vitest';
import { componentInfo, datatypeComponents, dictionaryVersion, fieldInfo, messageStructure, segmentName } from './dictionary';

describe('dictionary', () => {
  it('names segments and fields', () => {
    expect(segmentName('PID')).toBe('Patient Identification');
    expect(fieldInfo('PID', 5)).toMatchObject({ name: 'Patient Name', datatype: 'XPN', optionality: 'R', maxRepetitions: Infinity });
    expect(fieldInfo('MSH', 1)?.name).toBe('Field Separator');
    expect(fieldInfo('OBX', 5)?.name).toBe('Observation Value');
  });

  it('gives the datatype of the version asked for', () => {
    expect(fieldInfo('PID', 7, '2.5.1')?.datatype).toBe('TS');
    expect(fieldInfo('PID', 7, '2.8')?.datatype).toBe('DTM');
    expect(fieldInfo('PID', 5, '2.2')?.datatype).toBe('PN');
  });

  it('names datatype components', () => {
    expect(datatypeComponents('XPN', '2.5.1').slice(0, 2).map((c) => c.name)).toEqual(['Family Name', 'Given Name']);
    expect(componentInfo('CX', 4)?.datatype).toBe('HD');
    expect(datatypeComponents('ST')).toEqual([]);
  });

  it('knows nothing of Z-segments and fields past the end', () => {
    expect(segmentName('ZLR')).toBeUndefined();
    expect(fieldInfo('ZLR', 1)).toBeUndefined();
    expect(fieldInfo('PID', 99)).toBeUndefined();
  });

  it('maps versions to the nearest dictionary version not after them', () => {
    expect(dictionaryVersion('2.3.z')).toBe('2.3');
    expect(dictionaryVersion('2.5.1')).toBe('2.5.1');
    expect(dictionaryVersion('2.9')).toBe('2.8');
    expect(dictionaryVersion('')).toBe('2.8');
    expect(dictionaryVersion('1.0')).toBe('2.1');
  });

  it('finds message structures by MSH-9.3, by code and trigger, or by code alone', () => {
    const oru = messageStructure({ messageCode: 'ORU', triggerEvent: 'R01', messageStructure: 'ORU_R01', version: '2.5.1' });
    expect(oru?.name).toBe('ORU_R01');
    expect(oru?.children.map((c) => (c.kind === 'group' ? c.name : c.id))).toContain('PATIENT_RESULT');
    expect(messageStructure({ messageCode: 'ADT', triggerEvent: 'A04', messageStructure: '', version: '2.5' })?.name).toBe('ADT_A01');
    expect(messageStructure({ messageCode: 'ADT', triggerEvent: 'A04', messageStructure: 'ADT_A01', version: '2.5' })?.name).toBe('ADT_A01');
    expect(messageStructure({ messageCode: 'ADT', triggerEvent: 'A40', messageStructure: '', version: '2.5' })).toBe(messageStructure({ messageCode: 'ADT', triggerEvent: 'A40', messageStructure: 'ADT_A39', version: '2.5' }));
    expect(messageStructure({ messageCode: 'ERP', triggerEvent: 'Z99', messageStructure: '', version: '2.5' })).toBeUndefined();
  });
});
