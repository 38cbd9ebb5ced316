import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { drToPeriod, dtmToDateTime, dtmToExactInstant, dtmToInstant, dtToDate, parseV2DateTime, tmToTime, tsToDateTime } from './date-time';
import { readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('TS / DTM → dateTime', () => {
  it.each([
    ['2021', '2021'],
    ['202108', '2021-08'],
    ['20210818', '2021-08-18'],
    ['198808181126+0215', '1988-08-18T11:26:00+02:15'],
    ['20210817151943.4+0200', '2021-08-17T15:19:43.4+02:00'],
    ['20221116010000.000-0500', '2022-11-16T01:00:00.000-05:00'],
    ['2021081815-0800', '2021-08-18T15:00:00-08:00'],
    ['20210818+0200', '2021-08-18'],
  ])('%s → %s, keeping the precision sent', (v2, fhir) => {
    expect(dtmToDateTime(v2)).toEqual({ ok: true, value: fhir });
  });

  it('keeps a time without an offset as its date and says so, rather than inventing a zone', () => {
    expect(dtmToDateTime('20150208113419')).toEqual({ ok: true, value: '2015-02-08', issues: [expect.objectContaining({ code: 'MAP_NO_OFFSET' })] });
  });

  it('reads a time without an offset in the default offset when one is given, with a warning', () => {
    const result = dtmToDateTime('20150208113419', { defaultOffset: '+01:00' });
    expect(result).toEqual({ ok: true, value: '2015-02-08T11:34:19+01:00', issues: [expect.objectContaining({ code: 'MAP_ASSUMED_OFFSET' })] });
    expect(dtmToDateTime('20150208113419', { defaultOffset: 'CET' })).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_OPTION' } });
  });

  it.each(['20211301', '20210230', '2021021', '20210101250000+0000', '20210101120000+1500', 'yesterday', '2021-01-01', '0000'])(
    'fails on %s with MAP_BAD_DATE and a message that does not quote the value',
    (bad) => {
      const result = parseV2DateTime(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.issue.code).toBe('MAP_BAD_DATE');
        expect(result.issue.message).toContain('YYYY[MM[DD');
        expect(result.issue.message).not.toContain(bad);
      }
    },
  );

  it('accepts 29 February in a leap year only', () => {
    expect(dtToDate('20240229')).toEqual({ ok: true, value: '2024-02-29' });
    expect(dtToDate('20230229').ok).toBe(false);
  });

  it('maps real corpus timestamps: PID-7 birth time, MSH-7 and OBX-14 of an ORU', () => {
    const adt = corpus('msfc_ADT-A01-01.hl7');
    expect(tsToDateTime(readRepetition(adt.segment('PID')!, 7))).toEqual({ ok: true, value: '1988-08-18T11:26:00+02:15' });
    const oru = corpus('cdcdex_COVID19_ELR_01.hl7');
    expect(tsToDateTime(readRepetition(oru.segment('OBX')!, 14))).toEqual({ ok: true, value: '2021-01-28T16:06:03-05:00' });
    expect(dtToDate(readRepetition(oru.segment('PID')!, 7)[0]![0]!)).toEqual({ ok: true, value: '1988-01-21' });
  });
});

describe('DTM → instant, DR → Period', () => {
  it('makes an instant from a time with an offset, zero-filling seconds', () => {
    expect(dtmToInstant('202108181126+0215')).toEqual({ ok: true, value: '2021-08-18T11:26:00+02:15' });
  });

  it('refuses an instant without minutes or without any offset', () => {
    expect(dtmToInstant('20210818')).toMatchObject({ ok: false, issue: { code: 'MAP_IMPRECISE_INSTANT' } });
    expect(dtmToInstant('202108181126')).toMatchObject({ ok: false, issue: { code: 'MAP_IMPRECISE_INSTANT' } });
    expect(dtmToInstant('202108181126', { defaultOffset: '-05:00' })).toMatchObject({ ok: true, value: '2021-08-18T11:26:00-05:00' });
  });

  it('makes an exact instant only from a time sent with seconds and an offset, giving nothing for less and never assuming a zone', () => {
    expect(dtmToExactInstant('20221205134200.000-0500')).toEqual({ ok: true, value: '2022-12-05T13:42:00.000-05:00' });
    expect(dtmToExactInstant('20200506123900')).toEqual({ ok: true, value: undefined });
    expect(dtmToExactInstant('200203150730+0215')).toEqual({ ok: true, value: undefined });
    expect(dtmToExactInstant('20140203')).toEqual({ ok: true, value: undefined });
    expect(dtmToExactInstant('2014x')).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_DATE' } });
  });

  it('maps a corpus DR (ARV-6) to a Period and keeps a good end when the start is bad', () => {
    const arv = corpus('msfc_ADT-A01-01.hl7').segment('ARV')!;
    expect(drToPeriod(readRepetition(arv, 6))).toEqual({ ok: true, value: { start: '2021-11-18T10:30:00+02:15', end: '2022-11-18T10:30:00+02:15' } });
    expect(drToPeriod([['2021x'], ['2022']])).toMatchObject({ ok: true, value: { end: '2022' }, issues: [{ code: 'MAP_BAD_DATE' }] });
    expect(drToPeriod([['bad']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_DATE' } });
  });
});

describe("times without an offset in the sender's time zone", () => {
  const berlin = { timeZone: 'Europe/Berlin' };

  it('reads OBX-14 and PV1-44 sent without an offset in the zone, DST-aware, with a warning', () => {
    expect(dtmToDateTime('201011041640', berlin)).toEqual({ ok: true, value: '2010-11-04T16:40:00+01:00', issues: [expect.objectContaining({ code: 'MAP_ASSUMED_OFFSET' })] });
    expect(dtmToDateTime('202612151645', { timeZone: 'America/New_York' })).toMatchObject({ ok: true, value: '2026-12-15T16:45:00-05:00' });
    expect(dtmToDateTime('20260708090000.25', berlin)).toMatchObject({ ok: true, value: '2026-07-08T09:00:00.25+02:00' });
    expect(dtmToDateTime('2026070809', berlin)).toMatchObject({ ok: true, value: '2026-07-08T09:00:00+02:00' });
  });

  it('resolves a skipped local time to the offset before the change and a repeated one to its first occurrence', () => {
    expect(dtmToDateTime('202603290230', berlin)).toMatchObject({ value: '2026-03-29T02:30:00+01:00' });
    expect(dtmToDateTime('202610250230', berlin)).toMatchObject({ value: '2026-10-25T02:30:00+02:00' });
  });

  it('keeps an offset the sender gave, lets a default offset win over the zone, and leaves dates alone', () => {
    expect(dtmToDateTime('201011041640-0500', berlin)).toEqual({ ok: true, value: '2010-11-04T16:40:00-05:00' });
    expect(dtmToDateTime('201011041640', { ...berlin, defaultOffset: '+03:00' })).toMatchObject({ value: '2010-11-04T16:40:00+03:00' });
    expect(dtmToDateTime('20101104', berlin)).toEqual({ ok: true, value: '2010-11-04' });
    expect(dtToDate('201011041640')).toEqual({ ok: true, value: '2010-11-04' });
  });

  it('fails with MAP_BAD_OPTION on a zone Intl does not know', () => {
    expect(dtmToDateTime('201011041640', { timeZone: 'Mars/Olympus' })).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_OPTION' } });
  });

  it('makes instants of TXA-4 and OBR-22 times sent without an offset; the exact instant still needs seconds', () => {
    expect(dtmToInstant('202108181126', berlin)).toMatchObject({ ok: true, value: '2021-08-18T11:26:00+02:00' });
    expect(dtmToExactInstant('20200506123900', { timeZone: 'America/Chicago' })).toMatchObject({ ok: true, value: '2020-05-06T12:39:00-05:00' });
    expect(dtmToExactInstant('202005061239', { timeZone: 'America/Chicago' })).toEqual({ ok: true, value: undefined });
    expect(dtmToExactInstant('20200506123900+0200', { timeZone: 'America/Chicago' })).toEqual({ ok: true, value: '2020-05-06T12:39:00+02:00' });
  });

  it('reads both ends of a DR in the zone, each at its own offset', () => {
    expect(drToPeriod([['202603010800'], ['202604010800']], berlin)).toMatchObject({ ok: true, value: { start: '2026-03-01T08:00:00+01:00', end: '2026-04-01T08:00:00+02:00' } });
  });
});

describe('TM → FHIR time', () => {
  it('zero-fills minutes and seconds, keeps a fraction, and drops an offset with a warning', () => {
    expect(tmToTime('14')).toEqual({ ok: true, value: '14:00:00' });
    expect(tmToTime('1430')).toEqual({ ok: true, value: '14:30:00' });
    expect(tmToTime('143005.25')).toEqual({ ok: true, value: '14:30:05.25' });
    expect(tmToTime('1430-0500')).toMatchObject({ ok: true, value: '14:30:00', issues: [{ code: 'MAP_OFFSET_DROPPED' }] });
  });

  it('refuses what is no time of day', () => {
    for (const bad of ['2430', '1460', '143061', '1:30', '14h30', '']) expect(tmToTime(bad)).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_TIME' } });
  });
});
