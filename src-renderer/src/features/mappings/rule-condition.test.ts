import { describe, expect, it } from 'vitest';
import { FHIR_CONDITION_OPS, formatCondition, parseCondition } from './rule-condition';

describe('rule conditions as one line', () => {
  it('writes one condition or a list as clauses joined by semicolons, and reads them back', () => {
    const list = [
      { path: 'OBX-2', op: 'in' as const, values: ['SN'] },
      { path: 'OBX-5.2', op: 'valued' as const },
    ];
    expect(formatCondition(list)).toBe('OBX-2 in SN; OBX-5.2 valued');
    expect(parseCondition('OBX-2 in SN; OBX-5.2 valued')).toEqual({ ok: true, condition: list });
    expect(parseCondition(formatCondition({ path: 'OBX-2', op: 'not-in', values: ['NM', 'ST'] }))).toEqual({ ok: true, condition: { path: 'OBX-2', op: 'not-in', values: ['NM', 'ST'] } });
    expect([formatCondition(undefined), parseCondition('  ')]).toEqual(['', { ok: true, condition: undefined }]);
    expect(parseCondition('OBX-2 in NM; OBX-5 numeric')).toEqual({ ok: true, condition: [{ path: 'OBX-2', op: 'in', values: ['NM'] }, { path: 'OBX-5', op: 'numeric' }] });
  });

  it('reads clauses joined by or as one condition with alternatives, and writes them back', () => {
    const condition = { path: 'TQ1-7|SCH-11.4', op: 'valued' as const, or: [{ path: 'MSH-9.2', op: 'in' as const, values: ['S15'] }] };
    expect(formatCondition([condition, { path: 'PID-3', op: 'valued' }])).toBe('TQ1-7|SCH-11.4 valued or MSH-9.2 in S15; PID-3 valued');
    expect(parseCondition('TQ1-7|SCH-11.4 valued or MSH-9.2 in S15')).toEqual({ ok: true, condition });
    expect(parseCondition('PID-3 valued or PID-2 is')).toEqual({ ok: false, message: '“PID-2 is” is not PATH followed by one of valued, empty, in, not-in, numeric' });
    expect(parseCondition('gender exists or gender missing', FHIR_CONDITION_OPS)).toEqual({ ok: false, message: '“gender exists or gender missing”: exists takes no values' });
  });

  it('says what is wrong with a clause it cannot read', () => {
    expect(parseCondition('OBX-2 equals NM')).toEqual({ ok: false, message: '“OBX-2 equals NM” is not PATH followed by one of valued, empty, in, not-in, numeric' });
    expect(parseCondition('OBX-2 in')).toEqual({ ok: false, message: '“OBX-2 in” needs values after in' });
    expect(parseCondition('OBX-2 valued NM')).toEqual({ ok: false, message: '“OBX-2 valued NM”: valued takes no values' });
  });

  it('reads FHIR → v2 conditions with their own operators', () => {
    expect(parseCondition('multipleBirthInteger exists; gender in male, female', FHIR_CONDITION_OPS)).toEqual({
      ok: true,
      condition: [
        { path: 'multipleBirthInteger', op: 'exists' },
        { path: 'gender', op: 'in', values: ['male', 'female'] },
      ],
    });
    expect(parseCondition('gender valued', FHIR_CONDITION_OPS)).toEqual({ ok: false, message: '“gender valued” is not PATH followed by one of exists, missing, in, not-in' });
  });
});
