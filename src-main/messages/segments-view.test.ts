import { describe, expect, it } from 'vitest';
import { segmentsView } from './segments-view';

const message = ['MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260101120000||ORU^R01|MSG1|P|2.5.1', 'PID|1||12345^^^HOSP^MR~999^^^SSA||DOE^JOHN^Q||19700101|M', 'OBX|1|TX|NOTE||a\\F\\b'].join('\r');

describe('segments view', () => {
  it('names segments and fields from the dictionary for the message version', () => {
    const view = segmentsView(message);
    expect(view.version).toBe('2.5.1');
    const pid = view.segments[1];
    expect(pid).toMatchObject({ id: 'PID', name: 'Patient Identification' });
    const name = pid?.fields.find((f) => f.label === 'PID-5');
    expect(name).toMatchObject({ name: 'Patient Name', datatype: 'XPN', raw: 'DOE^JOHN^Q' });
    expect(name?.repetitions[0]?.components.map((c) => [c.position, c.value])).toEqual([
      [1, 'DOE'],
      [2, 'JOHN'],
      [3, 'Q'],
    ]);
    expect(name?.repetitions[0]?.components[1]?.name).toBe('Given Name');
  });

  it('splits repetitions and decodes escapes, keeping the raw text', () => {
    const view = segmentsView(message);
    const ids = view.segments[1]?.fields.find((f) => f.label === 'PID-3');
    expect(ids?.repetitions.map((r) => r.value)).toEqual(['12345^^^HOSP^MR', '999^^^SSA']);
    const note = view.segments[2]?.fields.find((f) => f.label === 'OBX-5');
    expect(note).toMatchObject({ raw: 'a\\F\\b', repetitions: [{ value: 'a|b' }] });
  });

  it('shows MSH-1 and MSH-2 verbatim', () => {
    const msh = segmentsView(message).segments[0];
    expect(msh?.fields.slice(0, 2).map((f) => f.repetitions[0]?.value)).toEqual(['|', '^~\\&']);
  });

  it('reports a parse error instead of segments for an unparseable payload', () => {
    expect(segmentsView('not hl7')).toMatchObject({ segments: [], parseError: { code: 'HL7_NO_MSH' } });
  });
});
