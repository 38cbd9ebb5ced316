import { describe, expect, it } from 'vitest';
import type { Logger } from '../core/logger';
import { parse } from '../hl7';
import { createDispatcher } from './dispatch';
import type { Handlers } from './handlers';

const message = 'MSH|^~\\&|LAB|F|EHR|F|20260101||ADT^A01|C1|P|2.5.1\rPID|1||SECRET-MRN\r';

/** A dispatcher whose system.health handler does `work`; every line logged is kept. */
function dispatcherDoing(work: () => unknown) {
  const logged: string[] = [];
  const logger: Logger = { log: (level, text) => void logged.push(`${level} ${text}`) };
  const dispatcher = createDispatcher({ 'system.health': work } as unknown as Handlers, logger);
  return { logged, answer: () => dispatcher.dispatch('system.health', {}, { tenantId: 'T1', actor: 'test' }) };
}

describe('dispatch', () => {
  it('answers an HL7 path error a handler lets through as a 422 envelope under its HL7 code, not as an internal error', async () => {
    const d = dispatcherDoing(() => parse(message).get('PID-0'));
    expect(await d.answer()).toEqual({ ok: false, status: 422, error: { code: 'HL7_BAD_PATH', message: 'PID-0: positions start at 1', details: { path: 'PID-0' } } });
    expect(d.logged).toEqual([]);
  });

  it('answers an HL7 edit the message cannot take as a 422 envelope naming the path', async () => {
    const d = dispatcherDoing(() => parse(message).set('MSH-2', 'x'));
    expect(await d.answer()).toMatchObject({ ok: false, status: 422, error: { code: 'HL7_READ_ONLY', details: { path: 'MSH-2' } } });
  });

  it('answers an HL7 parse error a handler lets through as a 422 envelope with its position and no message content', async () => {
    const d = dispatcherDoing(() => parse('PID|1||SECRET-MRN\r'));
    const answer = await d.answer();
    expect(answer).toMatchObject({ ok: false, status: 422, error: { code: 'HL7_NO_MSH', details: { position: { segmentIndex: 0 } } } });
    expect(JSON.stringify(answer)).not.toContain('SECRET-MRN');
  });

  it('still answers any other unexpected error as a 500 INTEROP_INTERNAL_ERROR, logged by type', async () => {
    const d = dispatcherDoing(() => {
      throw new TypeError('boom');
    });
    expect(await d.answer()).toEqual({ ok: false, status: 500, error: { code: 'INTEROP_INTERNAL_ERROR', message: 'An internal error occurred' } });
    expect(d.logged).toEqual(['error operation failed']);
  });

  it('logs an unexpected error by its type and code, never its message, which can carry values a caller sent', async () => {
    const lines: string[] = [];
    const logger: Logger = { log: (level, text, fields) => void lines.push(`${level} ${text} ${JSON.stringify(fields)}`) };
    const dispatcher = createDispatcher({ 'system.health': () => Promise.reject(Object.assign(new Error('cannot store password=hunter2-secret for DUCK^DONALD'), { code: 'SQLITE_CONSTRAINT' })) } as unknown as Handlers, logger);
    expect(await dispatcher.dispatch('system.health', {}, { tenantId: 'T1', actor: 'test' })).toMatchObject({ ok: false, status: 500 });
    expect(lines).toEqual(['error operation failed {"operation":"system.health","error":"Error","code":"SQLITE_CONSTRAINT"}']);
  });
});
