import { describe, expect, it } from 'vitest';
import type { Patient } from '@medplum/fhirtypes';
import { parse } from '../hl7';
import { convertMessage } from './convert';

// A merge as a German practice system sends it: MSH-9 without the message structure (ADT_A39).
const a40 = (type: string) =>
  [
    `MSH|^~\\&|KomServer|KOMSERV|gateway|samedi|20260523123517||${type}|3860292388759|P|2.5|||AL|NE||8859/1`,
    'EVN|A40|202602041715',
    'PID|1||6788^^^&www.praxis-west.de&DNS^PI~409255^^^Radvis^PI||Gerber^Hilgard||19520624|F|||Pruefplatz 42^^Luebeck^^23552^DE^L',
    'MRG|6789^^^&www.praxis-west.de&DNS^PI',
  ].join('\r');

const siu = (type: string) =>
  [
    `MSH|^~\\&|SCHED|CLINIC|EHR|CLINIC|20260301090000||${type}|S-1|P|2.5`,
    'SCH|APT-1|APT-1|||||ROUTINE^Routine|||30|min|^^30^20260302100000^20260302103000|||||||||||||||Booked',
    'PID|1||555^^^CLINIC^MR||Doe^Jane||19800101|F',
    'RGS|1|A',
    'AIL|1|A|ROOM-1^^^CLINIC',
  ].join('\r');

const convert = (text: string) => {
  const conversion = convertMessage(parse(text), { messageId: 'M' });
  if (conversion === undefined) throw new Error('no profile');
  return conversion;
};

describe('conversion of a message sent without MSH-9.3', () => {
  it('merges an ADT^A40 just as when it names ADT_A39: the survivor replaces the inactive merged record', () => {
    const inferred = convert(a40('ADT^A40'));
    expect(inferred).toEqual(convert(a40('ADT^A40^ADT_A39')));
    expect(inferred.errors).toEqual([]);
    const patients = inferred.bundle.entry!.map((e) => e.resource).filter((r): r is Patient => r?.resourceType === 'Patient');
    expect(patients.map((p) => p.active === false)).toEqual([false, true]);
    expect(patients[0]!.link?.[0]?.type).toBe('replaces');
    expect(inferred.unmapped.map((u) => u.path)).not.toContain('PID-5');
  });

  it.each(['SIU^S12', 'SIU^S14'])('converts a %s as when it names SIU_S12', (type) => {
    expect(convert(siu(type))).toEqual(convert(siu(`${type}^SIU_S12`)));
  });
});
