import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIMITERS, delimitersOf, segmentLines, tokenizeLine, tokenizeMessage, type RawToken } from './raw-tokens';

const compact = (tokens: RawToken[]): string => tokens.map((t) => (t.kind === 'text' ? t.text : `[${t.kind}:${t.text}]`)).join('');

describe('segmentLines', () => {
  it('splits on CR, LF or CRLF and ignores the final terminator', () => {
    expect(segmentLines('MSH|a\rPID|b\r\nOBX|c\nNTE|d\r')).toEqual(['MSH|a', 'PID|b', 'OBX|c', 'NTE|d']);
    expect(segmentLines('')).toEqual([]);
  });
});

describe('delimitersOf', () => {
  it('reads the header’s declared delimiters, including unusual ones, after junk lines', () => {
    expect(delimitersOf(['junk', 'MSH#$*@!|x'])).toEqual({ field: '#', component: '$', repetition: '*', escape: '@', subcomponent: '!' });
    expect(delimitersOf(['MSH|^~\\&#|SENDER'])).toEqual(DEFAULT_DELIMITERS);
  });

  it('falls back to the HL7 defaults without a header and leaves missing encoding characters empty', () => {
    expect(delimitersOf(['PID|1'])).toEqual(DEFAULT_DELIMITERS);
    expect(delimitersOf(['MSH|^~|A'])).toEqual({ field: '|', component: '^', repetition: '~', escape: '', subcomponent: '' });
  });
});

describe('tokenizeLine', () => {
  it('marks the segment id, each kind of separator and escape sequences', () => {
    const tokens = tokenizeLine('PID|1||123^^^HOSP~456||DOE\\F\\SMITH^JO&X', DEFAULT_DELIMITERS);
    expect(compact(tokens)).toBe(
      '[segment:PID][field:|]1[field:|][field:|]123[component:^][component:^][component:^]HOSP[repetition:~]456[field:|][field:|]DOE[escape:\\F\\]SMITH[component:^]JO[subcomponent:&]X',
    );
    expect(tokens.map((t) => t.text).join('')).toBe('PID|1||123^^^HOSP~456||DOE\\F\\SMITH^JO&X');
  });

  it('keeps MSH-1 and MSH-2 as literal delimiters rather than separators and escapes', () => {
    expect(compact(tokenizeLine('MSH|^~\\&|APP|FAC', DEFAULT_DELIMITERS))).toBe('[segment:MSH][field:|][encoding:^~\\&][field:|]APP[field:|]FAC');
    expect(compact(tokenizeLine('MSH|^~\\&', DEFAULT_DELIMITERS))).toBe('[segment:MSH][field:|][encoding:^~\\&]');
  });

  it('shows a lone escape character, an empty escape and a non-segment line as plain text', () => {
    expect(compact(tokenizeLine('NTE|1||C:\\temp^x', DEFAULT_DELIMITERS))).toBe('[segment:NTE][field:|]1[field:|][field:|]C:\\temp[component:^]x');
    expect(compact(tokenizeLine('OBX|a\\\\b', DEFAULT_DELIMITERS))).toBe('[segment:OBX][field:|]a\\\\b');
    expect(compact(tokenizeLine('junk text', DEFAULT_DELIMITERS))).toBe('junk text');
    expect(compact(tokenizeLine('X.br|hex \\X0D0A\\ end', DEFAULT_DELIMITERS))).toBe('X.br[field:|]hex [escape:\\X0D0A\\] end');
  });
});

describe('tokenizeMessage', () => {
  it('tokenizes every segment with the delimiters the message declares', () => {
    const lines = tokenizeMessage('MSH#$*@!#APP\rPID#1$2');
    expect(lines.map(compact)).toEqual(['[segment:MSH][field:#][encoding:$*@!][field:#]APP', '[segment:PID][field:#]1[component:$]2']);
  });
});
