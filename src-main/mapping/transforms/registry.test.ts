import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTransformCall, runTransform, TRANSFORMS } from './registry';

const SEED = ['date_to_iso', 'date_from_iso', 'date_to_unix', 'trim', 'lowercase', 'uppercase', 'capitalize', 'normalize_phone', 'format_phone_us', 'to_boolean', 'to_number', 'round', 'normalize_gender', 'json_parse', 'json_stringify', 'full_name'];

describe('transform registry', () => {
  it('registers every seed transform and the datatype transforms, each described for the rules editor', () => {
    for (const name of [...SEED, 'ts_to_datetime', 'cwe_to_codeable_concept', 'xpn_to_human_names', 'xad_to_address', 'xtn_to_contact_point', 'cx_to_identifier', 'v2_table']) {
      expect(TRANSFORMS.get(name)?.description, name).toBeTruthy();
    }
  });

  it.each([
    ['trim', '  a b  ', {}, 'a b'],
    ['lowercase', 'ABC', {}, 'abc'],
    ['uppercase', 'abc', {}, 'ABC'],
    ['capitalize', 'MARY-ANNE smith', {}, 'Mary-Anne Smith'],
    ['normalize_phone', '+1 (555) 555-0100 x12', {}, '+15555550100;ext=12'],
    ['format_phone_us', '1-555-555-0100', {}, '(555) 555-0100'],
    ['to_boolean', 'Y', {}, true],
    ['to_boolean', 'no', {}, false],
    ['to_number', '+1.50', {}, 1.5],
    ['round', '2.345', { digits: 2 }, 2.35],
    ['round', '-2.5', {}, -3],
    ['normalize_gender', 'F', {}, 'female'],
    ['normalize_gender', 'A', {}, 'other'],
    ['normalize_gender', 'Male', {}, 'male'],
    ['date_to_iso', '198808181126+0215', {}, '1988-08-18T11:26:00+02:15'],
    ['date_to_iso', '2024-05-01', {}, '2024-05-01'],
    ['date_from_iso', '2024-05-01T10:30:00+02:00', {}, '20240501103000+0200'],
    ['date_from_iso', '2024-05', {}, '202405'],
    ['date_to_unix', '19700101000100+0000', {}, 60],
    ['date_to_unix', '19700102', { default_offset: '+00:00' }, 86400],
    ['json_parse', '{"a":[1]}', {}, { a: [1] }],
    ['json_stringify', { a: 1 }, {}, '{"a":1}'],
    ['full_name', { prefix: ['Dr'], given: ['Ada', 'M'], family: 'Lovelace' }, {}, 'Dr Ada M Lovelace'],
    ['full_name', [['EVERYMAN'], ['ADAM'], ['A'], ['III'], ['Dr.']], {}, 'Dr. ADAM A EVERYMAN III'],
    ['v2_table', 'F', { table: 'AdministrativeSex' }, 'female'],
    ['ts_to_datetime', [['20210818']], {}, '2021-08-18'],
    ['ts_to_datetime', '202108181126', { default_offset: '+02:00' }, '2021-08-18T11:26:00+02:00'],
  ])('%s(%j, %j) → %j', (name, input, args, expected) => {
    expect(runTransform(name, input, args)).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    ['to_number', '1,5', 'MAP_BAD_NUMBER'],
    ['to_boolean', 'maybe', 'MAP_BAD_BOOLEAN'],
    ['normalize_gender', 'X', 'MAP_BAD_GENDER'],
    ['format_phone_us', '555-0100', 'MAP_BAD_PHONE'],
    ['json_parse', '{', 'MAP_BAD_JSON'],
    ['date_to_iso', '2021-13-01', 'MAP_BAD_DATE'],
    ['date_to_unix', '20240101', 'MAP_NO_OFFSET'],
    ['trim', { not: 'text' }, 'MAP_BAD_INPUT'],
  ])('%s fails on a bad value with %s', (name, input, code) => {
    expect(runTransform(name, input)).toMatchObject({ ok: false, issue: { code } });
  });

  it("gives every date transform the sender's time zone; a rule's default_offset wins, an offset sent is kept", () => {
    const berlin = { timeZone: 'Europe/Berlin' };
    expect(runTransform('ts_to_datetime', [['201011041640']], {}, berlin)).toMatchObject({ ok: true, value: '2010-11-04T16:40:00+01:00' });
    expect(runTransform('ts_to_datetime', [['201011041640']], { default_offset: '-03:00' }, berlin)).toMatchObject({ ok: true, value: '2010-11-04T16:40:00-03:00' });
    expect(runTransform('ts_to_instant', [['202612151645']], {}, berlin)).toMatchObject({ ok: true, value: '2026-12-15T16:45:00+01:00' });
    expect(runTransform('ts_to_exact_instant', [['20261215164500']], {}, berlin)).toMatchObject({ ok: true, value: '2026-12-15T16:45:00+01:00' });
    expect(runTransform('ts_to_exact_instant', [['20261215164500']], { default_offset: '+00:00' }, berlin)).toMatchObject({ ok: true, value: '2026-12-15T16:45:00+00:00' });
    expect(runTransform('date_to_iso', '2026-07-08T09:00', {}, berlin)).toMatchObject({ ok: true, value: '2026-07-08T09:00:00+02:00' });
    expect(runTransform('date_to_iso', '202607080900-0400', {}, berlin)).toMatchObject({ ok: true, value: '2026-07-08T09:00:00-04:00' });
    expect(runTransform('dr_to_period', [['202601010800'], ['202607010800']], {}, berlin)).toMatchObject({ ok: true, value: { start: '2026-01-01T08:00:00+01:00', end: '2026-07-01T08:00:00+02:00' } });
    expect(runTransform('xpn_to_human_names', [['DOE'], ['JANE'], [''], [''], [''], [''], ['L'], [''], [''], [''], [''], ['201011041640']], {}, berlin)).toMatchObject({ ok: true, value: [{ period: { start: '2010-11-04T16:40:00+01:00' } }] });
    // date_to_unix: a time at its offset in the zone, a date from its local midnight.
    expect(runTransform('date_to_unix', '19700101010000', {}, berlin)).toMatchObject({ ok: true, value: 0 });
    expect(runTransform('date_to_unix', '19700102', {}, berlin)).toMatchObject({ ok: true, value: 86400 - 3600 });
    expect(runTransform('dt_to_date', [['201011041640']], {}, berlin)).toMatchObject({ ok: true, value: '2010-11-04' });
    // FHIR → v2 text keeps the offset it was written with, whatever the zone.
    expect(runTransform('date_from_iso', '2026-07-08T09:00:00-04:00', {}, berlin)).toMatchObject({ ok: true, value: '20260708090000-0400' });
  });

  it('checks a rule call: unknown transform, missing, mistyped and unknown arguments, unknown table', () => {
    expect(checkTransformCall('nope')).toMatchObject([{ code: 'MAP_UNKNOWN_TRANSFORM' }]);
    expect(checkTransformCall('v2_table')).toMatchObject([{ code: 'MAP_MISSING_ARGUMENT' }]);
    expect(checkTransformCall('round', { digits: '2' })).toMatchObject([{ code: 'MAP_BAD_ARGUMENT' }]);
    expect(checkTransformCall('trim', { x: 1 })).toMatchObject([{ code: 'MAP_UNKNOWN_ARGUMENT' }]);
    expect(checkTransformCall('v2_table', { table: '0004' })).toMatchObject([{ code: 'MAP_AMBIGUOUS_TABLE' }]);
    expect(checkTransformCall('v2_table', { table: 'PatientClass[EncounterClass]' })).toEqual([]);
    expect(runTransform('round', '1', { digits: 'x' })).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_ARGUMENT' } });
  });
});

describe('no transform throws', () => {
  const names = [...TRANSFORMS.keys()];
  const args = (name: string) => (name.startsWith('v2_table') ? { table: 'AdministrativeSex' } : {});
  const v2Value = fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), { maxLength: 22 });
  const anyInput = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), v2Value, fc.anything());

  it('answers a result for random strings, random field values and random JSON in every registered transform', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), anyInput, (name, input) => {
        const result = runTransform(name, input, args(name));
        expect(typeof result.ok).toBe('boolean');
        // The registry's catch is a safety net only: the transforms themselves must not throw.
        if (!result.ok) expect(result.issue.code).toMatch(/^MAP_(?!TRANSFORM_FAILED)[A-Z_]+$/);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers a result for date-, number- and code-like strings built from the v2 alphabet', () => {
    const v2ish = fc.string({ unit: fc.constantFrom(...'0123456789+-.:^&<>=/ ABCDEFHLMNSTUXZ'.split('')), maxLength: 30 });
    fc.assert(
      fc.property(fc.constantFrom(...names), v2ish, (name, text) => {
        const result = runTransform(name, text, args(name));
        if (!result.ok) expect(result.issue.code).not.toBe('MAP_TRANSFORM_FAILED');
      }),
      { numRuns: 3000 },
    );
  });
});
